// Rotation policies: the preview lists exactly what a change would put out of compliance, saving re-runs the rule,
// only admins may change them, every change is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeUser } from "../testing/fixtures";
import { addCredential, ago, makeCleanNhi, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let w: RuleWorld;
let admin: Viewer, ciso: Viewer;
let prodKey: string, devKey: string, youngKey: string, certId: string;
const mod = async () => ({
  db: (await import("../db")).db,
  q: await import("./queries"),
  m: await import("./mutations"),
  s: await import("./schemas"),
});

beforeAll(async () => {
  t = await setupTestDb();
  w = await makeRuleWorld();
  admin = await makeUser("ADMIN");
  ciso = await makeUser("SECURITY_VIEWER");
  const prod = await makeCleanNhi(w, { environment: "PROD" });
  const dev = await makeCleanNhi(w, { environment: "DEV" });
  prodKey = (await addCredential(prod.id, { createdAt: ago(60) })).id; // compliant under the 90-day default
  devKey = (await addCredential(dev.id, { createdAt: ago(60) })).id;
  youngKey = (await addCredential(prod.id, { createdAt: ago(5) })).id;
  const cert = await makeCleanNhi(w, { environment: "PROD" });
  certId = (await addCredential(cert.id, { type: "CERTIFICATE", createdAt: ago(200) })).id; // overdue under the default
});
afterAll(async () => t?.cleanup());

describe(`rotation policies (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("previews a stricter production policy: lists what it would make overdue, saves nothing", async () => {
    const { db, q, s } = await mod();
    const input = s.ZRotationPolicyPreview.parse({ policy: { name: "Prod 30 days", environment: "PROD", maxAgeDays: 30, priority: 10 } });
    const p = await q.previewRotationPolicy(admin, input);
    expect(p.sample.map((r) => r.credentialId)).toEqual([prodKey]);
    expect(p).toMatchObject({ newlyOverdue: 1, becomeCompliant: 0 });
    // The certificate (200 days, already overdue) stays overdue: not "newly".
    expect(p.sample[0]).toMatchObject({ age: 60, nowMax: 90, newMax: 30 });
    expect(await db.rotationPolicy.count()).toBe(0);
  });

  it("previews a laxer policy: counts what would become compliant", async () => {
    const { q, s } = await mod();
    const p = await q.previewRotationPolicy(admin, s.ZRotationPolicyPreview.parse({ policy: { name: "Certificates a year", kind: null, maxAgeDays: 365, priority: 5 } }));
    expect(p).toMatchObject({ newlyOverdue: 0, becomeCompliant: 1 });
  });

  it("saves, re-runs the rotation rule, audits, and previews an edit or a removal of the saved policy", async () => {
    const { db, q, m, s } = await mod();
    const saved = await m.createRotationPolicy(admin, s.ZRotationPolicyInput.parse({ name: "Prod 30 days", environment: "PROD", maxAgeDays: 30, priority: 10 }));
    const open = await db.finding.findMany({ where: { ruleId: "credential-rotation-overdue", status: "OPEN" }, select: { subjectKey: true } });
    expect(open.map((f) => f.subjectKey).sort()).toEqual([certId, prodKey].sort());
    expect(open.map((f) => f.subjectKey)).not.toContain(youngKey);
    expect(open.map((f) => f.subjectKey)).not.toContain(devKey);
    const list = await q.listRotationPolicies(ciso);
    expect(list.policies[0]).toMatchObject({ name: "Prod 30 days", credentials: 3, overdue: 2 });
    expect(list.unmatched).toEqual({ credentials: 1, overdue: 0 });

    const loosen = await q.previewRotationPolicy(admin, s.ZRotationPolicyPreview.parse({ id: saved.id, policy: { name: "Prod 90", environment: "PROD", maxAgeDays: 90, priority: 10 } }));
    expect(loosen).toMatchObject({ newlyOverdue: 0, becomeCompliant: 1 });
    const removal = await q.previewRotationPolicy(admin, s.ZRotationPolicyPreview.parse({ id: saved.id, remove: true }));
    expect(removal.becomeCompliant).toBe(1);

    await m.deleteRotationPolicy(admin, saved.id);
    const actions = (await db.auditEvent.findMany({ where: { targetType: "RotationPolicy" }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["rotationPolicy.create", "rotationPolicy.delete"]);
    expect(await db.finding.count({ where: { subjectKey: prodKey, status: "OPEN" } })).toBe(0);
  });

  it("refuses non-admins and bad input", async () => {
    const { q, m, s } = await mod();
    await expect(m.createRotationPolicy(ciso, s.ZRotationPolicyInput.parse({ name: "Nope", maxAgeDays: 10 }))).rejects.toThrow(/permission/);
    await expect(q.previewRotationPolicy(ciso, s.ZRotationPolicyPreview.parse({ policy: { name: "Nope", maxAgeDays: 10 } }))).rejects.toThrow(/permission/);
    expect(s.ZRotationPolicyInput.safeParse({ name: "x", maxAgeDays: 0 }).success).toBe(false);
    expect(s.ZRotationPolicyInput.safeParse({ name: "Fine", maxAgeDays: 30, kind: "NOT_A_KIND" }).success).toBe(false);
    await expect(m.updateRotationPolicy(admin, "missing", s.ZRotationPolicyInput.parse({ name: "Gone", maxAgeDays: 10 }))).rejects.toThrow(/No such/);
  });
});
