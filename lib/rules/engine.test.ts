// The engine's reconciliation: new findings, idempotent re-runs, resolution, reopening, exceptions respected, risk
// scores recomputed, one audit event per run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { addCredential, ago, makeCleanNhi, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";

let t: TestDb;
let w: RuleWorld;
let orphan: string, stale: string, excepted: string, clean: string;

const mod = async () => ({
  db: (await import("../db")).db,
  engine: await import("./engine"),
  risk: await import("./risk"),
});

const findingsOf = async (identityId: string) => {
  const { db } = await mod();
  return db.finding.findMany({ where: { identityId }, orderBy: { ruleId: "asc" } });
};
const stat = (s: { perRule: Array<{ id: string }> }, id: string) => s.perRule.find((r) => r.id === id)!;

beforeAll(async () => {
  t = await setupTestDb();
  w = await makeRuleWorld();
  // Orphan with an unvaulted key 3.2 years old (three rules), a shared NHI, one to be excepted, and a clean one.
  orphan = (await makeCleanNhi(w, { ownerId: null, criticality: "HIGH" })).id;
  await addCredential(orphan, { createdAt: ago(1170), storage: "unvaulted" });
  stale = (await makeCleanNhi(w, { shared: true })).id;
  excepted = (await makeCleanNhi(w, { purpose: null })).id;
  clean = (await makeCleanNhi(w)).id;
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`rule engine (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("opens findings, scores NHIs from them and records one audit event", async () => {
    const { db, engine, risk } = await mod();
    const s = await engine.runRules({ now: new Date() });
    expect(s.totals).toMatchObject({ open: 5, new: 5, resolved: 0 });
    expect(stat(s, "orphaned-nhi")).toMatchObject({ open: 1, new: 1, resolved: 0 });
    expect((await findingsOf(orphan)).map((f) => [f.ruleId, f.status, f.owaspId, f.severity])).toEqual([
      ["credential-rotation-overdue", "OPEN", "NHI7", "HIGH"],
      ["orphaned-nhi", "OPEN", "NHI1", "HIGH"],
      ["unvaulted-credential", "OPEN", "NHI2", "HIGH"],
    ]);
    const row = await db.identity.findUniqueOrThrow({ where: { id: orphan } });
    // Three HIGH rules (+10 for a secret over two years old) on a HIGH-criticality production NHI holding a
    // long-lived secret: 85 x 1.15 x 1.1 x 1.1 = 118.3 weighted points; 100 x (1 - e^(-118.3/80)) = 77.2
    expect(row.riskScore).toBe(77);
    expect((row.riskReasons as unknown[]).map(risk.formatRiskReason)).toEqual([
      "+35 Secret 3.2 years old", "+25 No owner", "+25 Unvaulted secret",
      "×1.15 production", "×1.1 high-criticality system", "×1.1 holds a long-lived secret",
    ]);
    expect((await db.identity.findUniqueOrThrow({ where: { id: clean } })).riskScore).toBe(0);
    const events = await db.auditEvent.findMany({ where: { action: "rules.run" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.meta).toMatchObject({ perRule: { "orphaned-nhi": { open: 1, new: 1, resolved: 0 } } });
  });

  it("is idempotent: a second run opens nothing and resolves nothing", async () => {
    const { db, engine } = await mod();
    const before = await db.finding.findMany({ orderBy: { id: "asc" } });
    const later = new Date(Date.now() + 1000);
    const s = await engine.runRules({ now: later });
    expect(s.totals).toMatchObject({ open: 5, new: 0, resolved: 0 });
    expect(s.identitiesRescored).toBe(0);
    const after = await db.finding.findMany({ orderBy: { id: "asc" } });
    // Nothing changed, so nothing was written: same rows, same timestamps.
    expect(after).toEqual(before);
    expect(s.rowsWritten).toBe(0);
  });

  it("rescores an NHI whose other score inputs changed though its findings did not, and only that one", async () => {
    const { db, engine, risk } = await mod();
    await db.identity.update({ where: { id: orphan }, data: { criticality: "CRITICAL" } });
    const s = await engine.runRules({});
    expect(s.totals).toMatchObject({ new: 0, resolved: 0 });
    expect(s.identitiesRescored).toBe(1);
    const row = await db.identity.findUniqueOrThrow({ where: { id: orphan } });
    // 85 x 1.15 x 1.25 x 1.1 = 134.4 weighted points: 100 x (1 - e^(-134.4/80)) = 81.4
    expect(row.riskScore).toBe(81);
    expect((row.riskReasons as unknown[]).map(risk.formatRiskReason)).toContain("×1.25 critical-criticality system");

    await db.identity.update({ where: { id: orphan }, data: { criticality: "HIGH" } });
    expect((await engine.runRules({})).identitiesRescored).toBe(1);
    expect((await db.identity.findUniqueOrThrow({ where: { id: orphan } })).riskScore).toBe(77);
  });

  it("resolves findings whose cause is fixed, and reopens them when it comes back", async () => {
    const { db, engine } = await mod();
    await db.identity.update({ where: { id: stale }, data: { shared: false } });
    const now = new Date();
    const s = await engine.runRules({ now });
    expect(stat(s, "shared-nhi")).toMatchObject({ open: 0, new: 0, resolved: 1 });
    const [f] = await findingsOf(stale);
    expect(f).toMatchObject({ status: "RESOLVED", resolvedAt: now });
    expect((await db.identity.findUniqueOrThrow({ where: { id: stale } })).riskReasons).toEqual([]);

    await db.identity.update({ where: { id: stale }, data: { shared: true } });
    const again = await engine.runRules({});
    expect(stat(again, "shared-nhi")).toMatchObject({ open: 1, new: 1, reopened: 1, resolved: 0 });
    const [g] = await findingsOf(stale);
    expect(g).toMatchObject({ id: f!.id, status: "OPEN", resolvedAt: null });
  });

  it("keeps findings covered by an approved exception EXCEPTED, and resolves them when the cause is gone", async () => {
    const { db, engine } = await mod();
    const [f] = await findingsOf(excepted);
    // A finding marked EXCEPTED with no exception behind it is not accepted risk: the run reopens it.
    await db.finding.update({ where: { id: f!.id }, data: { status: "EXCEPTED" } });
    await engine.runRules({});
    expect((await findingsOf(excepted))[0]!.status).toBe("OPEN");

    const requester = await db.user.create({ data: { email: `req-${f!.id}@test.local`, name: "Requester" } });
    await db.riskException.create({
      data: {
        identityId: excepted, scope: "FINDINGS", justification: "Accepted for the test", requestedById: requester.id, status: "APPROVED",
        expiresAt: new Date(Date.now() + 30 * 86_400_000), findings: { create: [{ findingId: f!.id }] },
      },
    });
    const s = await engine.runRules({});
    expect(stat(s, "purpose-unconfirmed")).toMatchObject({ open: 0, resolved: 0, excepted: 1 });
    expect((await findingsOf(excepted))[0]!.status).toBe("EXCEPTED");
    // An excepted finding does not count towards the risk score.
    expect((await db.identity.findUniqueOrThrow({ where: { id: excepted } })).riskScore).toBe(0);

    await db.identity.update({ where: { id: excepted }, data: { purpose: "Nightly export", purposeConfirmedAt: new Date() } });
    const fixed = await engine.runRules({});
    expect(stat(fixed, "purpose-unconfirmed")).toMatchObject({ resolved: 1, excepted: 0 });
    expect((await findingsOf(excepted))[0]).toMatchObject({ status: "RESOLVED" });
  });

  it("runs a subset of rules and reconciles only their findings", async () => {
    const { db, engine, risk } = await mod();
    await db.identity.update({ where: { id: orphan }, data: { ownerId: w.ownerId } });
    await db.identity.update({ where: { id: stale }, data: { shared: false } });
    const s = await engine.runRules({ ruleIds: ["orphaned-nhi"] });
    expect(s.perRule.map((r) => r.id)).toEqual(["orphaned-nhi"]);
    expect(stat(s, "orphaned-nhi")).toMatchObject({ open: 0, resolved: 1 });
    // shared-nhi did not run: its finding stays open until it does.
    expect((await findingsOf(stale))[0]!.status).toBe("OPEN");
    const row = await db.identity.findUniqueOrThrow({ where: { id: orphan } });
    expect((row.riskReasons as unknown[]).map(risk.formatRiskReason).slice(0, 2)).toEqual(["+35 Secret 3.2 years old", "+25 Unvaulted secret"]);
    await expect(engine.runRules({ ruleIds: ["no-such-rule"] })).rejects.toThrow(/Unknown rule/);
  });

  it("resolves findings of rules that no longer exist on a full run", async () => {
    const { db, engine } = await mod();
    await db.finding.create({ data: { identityId: clean, ruleId: "retired-rule", owaspId: "NHI1", severity: "LOW" } });
    const s = await engine.runRules({});
    expect(s.totals.retiredResolved).toBe(1);
    expect((await db.finding.findFirstOrThrow({ where: { ruleId: "retired-rule" } })).status).toBe("RESOLVED");
  });

  it("lets two runs at once serialize instead of colliding", async () => {
    const { db, engine } = await mod();
    const [a, b] = await Promise.all([engine.runRules({}), engine.runRules({})]);
    expect(a.totals.open).toBe(b.totals.open);
    const dupes = await db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM "Finding" GROUP BY "identityId", "ruleId", "subjectKey" HAVING count(*) > 1) d`;
    expect(dupes[0]!.n).toBe(0);
  });
});
