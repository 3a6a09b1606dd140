import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
let owner: Viewer;
const NOW = new Date("2024-12-01T00:00:00Z");
const FIX = path.resolve(import.meta.dirname, "../importers/__fixtures__");
const TEMPLATES = path.resolve(import.meta.dirname, "../../public/templates");
const file = (dir: string, name: string) => ({ fileName: name, buffer: fs.readFileSync(path.join(dir, name)) });

const mod = async () => ({
  p: await import("./pipeline"),
  db: (await import("../db")).db,
  fx: await import("../testing/fixtures"),
});

beforeAll(async () => {
  t = await setupTestDb();
  const { fx, db } = await mod();
  admin = await fx.makeUser("ADMIN");
  owner = await fx.makeUser("OWNER");
  const team = await db.team.create({ data: { name: "Payments import test" } });
  await db.user.create({ data: { email: "Maria.Payments@acme.example", name: "Maria", role: "OWNER", teamId: team.id } });
  await db.user.create({ data: { email: "lee.support@acme.example", name: "Lee", role: "OWNER" } });
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`import pipeline (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("imports the template, matches owners by e-mail and computes rollups", async () => {
    const { p, db } = await mod();
    const s = await p.runImport({ viewer: admin, format: "auto", ...file(TEMPLATES, "steward-import-template.csv"), now: NOW });
    expect(s).toMatchObject({ status: "SUCCEEDED", format: "generic", sourceKeys: ["manual:saas"], identities: { created: 3, updated: 0, unchanged: 0, failed: 0 } });
    expect(s.credentials.created).toBe(2);
    expect(s.entitlements.created).toBe(4);
    expect(s.owners).toEqual({ assigned: 2, suggested: 0 }); // the template states owners; ops-team@ is nobody's account

    const stripe = await db.identity.findFirstOrThrow({ where: { externalId: "stripe-live-payouts" }, include: { owner: true, source: true } });
    expect(stripe.owner?.email).toBe("Maria.Payments@acme.example");
    expect(stripe.teamId).not.toBeNull();
    expect(stripe.source).toMatchObject({ key: "manual:saas", lastImportAt: NOW });
    expect(stripe).toMatchObject({ credentialCount: 1, entitlementCount: 2, unusedEntitlements: 1, oldestCredentialAt: new Date("2023-09-01T10:00:00Z"), environment: "PROD" });
    const agent = await db.identity.findFirstOrThrow({ where: { externalId: "support-copilot" } });
    expect(agent.onBehalfOfUserId).not.toBeNull();
    expect(agent.delegatedScopes).toEqual(["tickets:read", "tickets:reply"]);

    const job = await db.importJob.findUniqueOrThrow({ where: { id: s.jobId! } });
    expect(job).toMatchObject({ status: "SUCCEEDED", created: 3, format: "generic", sourceId: stripe.sourceId });
    expect(job.finishedAt).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "import.run", targetId: s.jobId } });
    expect(audit.actorId).toBe(admin.id);
  });

  it("is idempotent: a second run counts everything unchanged and creates no duplicates", async () => {
    const { p, db } = await mod();
    const before = { i: await db.identity.count(), c: await db.credential.count(), e: await db.entitlement.count() };
    const s = await p.runImport({ viewer: admin, format: "generic", ...file(TEMPLATES, "steward-import-template.csv"), now: NOW });
    expect(s.identities).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(s.credentials).toMatchObject({ created: 0, updated: 0, unchanged: 2, revoked: 0 });
    expect(s.entitlements).toMatchObject({ created: 0, updated: 0, unchanged: 4, revoked: 0 });
    expect({ i: await db.identity.count(), c: await db.credential.count(), e: await db.entitlement.count() }).toEqual(before);
  });

  it("never replaces an existing owner or a purpose set in Steward", async () => {
    const { p, db } = await mod();
    await db.identity.updateMany({ where: { externalId: "datadog-ci" }, data: { ownerId: owner.id, purpose: "Confirmed by the owner" } });
    await p.runImport({ viewer: admin, format: "generic", ...file(TEMPLATES, "steward-import-template.csv"), now: NOW });
    expect(await db.identity.findFirstOrThrow({ where: { externalId: "datadog-ci" } })).toMatchObject({ ownerId: owner.id, purpose: "Confirmed by the owner" });
  });

  it("marks identities a full export no longer lists DELETED_AT_SOURCE, and revokes missing credentials", async () => {
    const { p, db } = await mod();
    const doc = JSON.parse(fs.readFileSync(path.join(TEMPLATES, "steward-import-template.json"), "utf8"));
    doc.fullInventory = true;
    doc.identities[0].credentials[0].id = "rk_live_2"; // rotated: the old key is gone
    doc.identities[0].credentials[0].createdAt = "2024-11-01T00:00:00Z";
    doc.identities[0].credentials[0].lastRotatedAt = null;
    const s = await p.runImport({ viewer: admin, format: "auto", fileName: "full.json", buffer: JSON.stringify(doc), now: NOW });
    expect(s.identities).toMatchObject({ created: 0, updated: 1, unchanged: 1, deletedAtSource: 1 });
    expect(s.credentials).toMatchObject({ created: 1, revoked: 1 });
    expect((await db.identity.findFirstOrThrow({ where: { externalId: "datadog-ci" } })).status).toBe("DELETED_AT_SOURCE");
    const stripe = await db.identity.findFirstOrThrow({ where: { externalId: "stripe-live-payouts" }, include: { credentials: { orderBy: { externalId: "asc" } } } });
    expect(stripe.credentials.map((c) => [c.externalId, c.status])).toEqual([["rk_live_1", "REVOKED"], ["rk_live_2", "ACTIVE"]]);
    expect(stripe).toMatchObject({ credentialCount: 1, oldestCredentialAt: new Date("2024-11-01T00:00:00Z") });
    // It comes back when a later export lists it again.
    const again = await p.runImport({ viewer: admin, format: "generic", ...file(TEMPLATES, "steward-import-template.csv"), now: NOW });
    expect(again.identities.deletedAtSource).toBe(0);
    expect((await db.identity.findFirstOrThrow({ where: { externalId: "datadog-ci" } })).status).toBe("ACTIVE");
  });

  it("counts an identity once when its rows come back in a later batch; a full import marks only unlisted ones deleted", async () => {
    const { p, db } = await mod();
    const head = "source,external_id,name,kind,credential_id,credential_type,entitlement_resource,entitlement_action,privilege\n";
    const row = (id: string, key: string) => `manual:unsorted,${id},${id},SERVICE_ACCOUNT,${key},TOKEN,repo:${id},read,READ\n`;
    const first = await p.runImport({ viewer: admin, format: "generic", fileName: "a.csv", buffer: head + row("u-a", "k1") + row("u-b", "k1") + row("u-c", "k1"), now: NOW });
    expect(first.identities).toMatchObject({ created: 3 });
    // One identity per batch: u-a is met again in the third batch, after u-b.
    const s = await p.runImport({
      viewer: admin, format: "generic", fileName: "b.csv", buffer: head + row("u-a", "k1") + row("u-b", "k1") + row("u-a", "k2"),
      fullInventory: true, batchSize: 1, now: NOW,
    });
    // Counted where first met (u-a unchanged in batch 1), not again when its new key arrives in batch 3.
    expect(s.identities).toMatchObject({ created: 0, updated: 0, unchanged: 2, deletedAtSource: 1 });
    expect(s.credentials.created).toBe(1);
    const rows = await db.identity.findMany({ where: { source: { key: "manual:unsorted" } }, orderBy: { externalId: "asc" }, include: { credentials: true } });
    expect(rows.map((r) => [r.externalId, r.status, r.credentials.filter((c) => c.status === "ACTIVE").length])).toEqual([
      ["u-a", "ACTIVE", 2], ["u-b", "ACTIVE", 1], ["u-c", "DELETED_AT_SOURCE", 1],
    ]);
  });

  it("stamps accessChangedAt when an NHI gains access, and not when a re-import changes nothing", async () => {
    const { p, db } = await mod();
    const head = "source,external_id,name,kind,credential_id,credential_type,entitlement_resource,entitlement_action,privilege\n";
    const file1 = head + "manual:access,acc-x,x,SERVICE_ACCOUNT,kx,TOKEN,,,\n" + "manual:access,acc-y,y,SERVICE_ACCOUNT,,,,,\n";
    await p.runImport({ viewer: admin, format: "generic", fileName: "1.csv", buffer: file1, now: NOW });
    const get = (externalId: string) => db.identity.findFirstOrThrow({ where: { externalId, source: { key: "manual:access" } } });
    expect((await get("acc-x")).accessChangedAt).not.toBeNull(); // new, with an active credential
    expect((await get("acc-y")).accessChangedAt).toBeNull(); // new, with no access at all
    const old = new Date("2020-01-01T00:00:00Z");
    await db.identity.updateMany({ where: { source: { key: "manual:access" } }, data: { accessChangedAt: old } });
    await p.runImport({ viewer: admin, format: "generic", fileName: "1.csv", buffer: file1, now: NOW });
    expect((await get("acc-x")).accessChangedAt).toEqual(old);
    // A new grant on an existing NHI: the database trigger stamps it.
    await p.runImport({ viewer: admin, format: "generic", fileName: "2.csv", buffer: head + "manual:access,acc-x,x,SERVICE_ACCOUNT,kx,TOKEN,repo:x,write,WRITE\n", now: NOW });
    expect((await get("acc-x")).accessChangedAt!.getTime()).toBeGreaterThan(old.getTime());
    expect((await get("acc-y")).accessChangedAt).toEqual(old);
  });

  it("imports the good rows of a file with bad rows: PARTIAL with row errors", async () => {
    const { p, db } = await mod();
    const s = await p.runImport({ viewer: admin, format: "generic", ...file(FIX, "generic-bad-rows.csv"), sourceKey: "manual:bad-rows", now: NOW });
    expect(s.status).toBe("PARTIAL");
    expect(s.identities).toMatchObject({ created: 2, failed: 4 });
    expect(s.rowErrors.map((e) => e.row)).toEqual([3, 4, 5, 6]);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: s.jobId! } });
    expect(job).toMatchObject({ status: "PARTIAL", failed: 4 });
    expect((job.errors as { level: string; row?: number }[]).filter((e) => e.level === "error").map((e) => e.row)).toEqual([3, 4, 5, 6]);
    expect(await db.identity.count({ where: { source: { key: "manual:bad-rows" } } })).toBe(2);
  });

  it("fails a file that is not the claimed format with one clear error, a FAILED job and nothing written", async () => {
    const { p, db } = await mod();
    const before = await db.identity.count();
    const err = await p.runImport({ viewer: admin, format: "aws-credential-report", ...file(FIX, "k8s-rbac.yaml"), now: NOW }).catch((e) => e);
    expect(err).toBeInstanceOf(p.ImportFailedError);
    expect(err.message).toMatch(/not an AWS credential report/);
    expect(await db.importJob.findUniqueOrThrow({ where: { id: err.jobId } })).toMatchObject({ status: "FAILED", errors: [{ level: "error", message: err.message }] });
    expect(await db.identity.count()).toBe(before);
  });

  it("refuses users without import:run", async () => {
    const { p } = await mod();
    await expect(p.runImport({ viewer: owner, format: "auto", ...file(TEMPLATES, "steward-import-template.csv") })).rejects.toThrow(/permission/);
    await expect(p.runImport({ format: "auto", ...file(TEMPLATES, "steward-import-template.csv") })).rejects.toThrow(/permission/);
  });

  it("combines AWS exports in one source: the report's credentials survive an authorization-details import", async () => {
    const { p, db } = await mod();
    const actor = { id: null, email: "cli:test" };
    const rep = await p.runImport({ actor, format: "auto", ...file(FIX, "aws-credential-report.csv"), now: NOW });
    expect(rep).toMatchObject({ status: "PARTIAL", sourceKeys: ["aws:123456789012"], identities: { created: 4, failed: 1 } });
    const authz = await p.runImport({ actor, format: "auto", ...file(FIX, "aws-authorization-details.json"), now: NOW });
    // The two fixture users only in the report are IAM users a full authorization export would list: deleted at source.
    expect(authz.identities).toMatchObject({ created: 4, updated: 1, deletedAtSource: 2 });
    const ci = await db.identity.findFirstOrThrow({ where: { externalId: "arn:aws:iam::123456789012:user/svc/ci-deployer" }, include: { credentials: true, entitlements: true } });
    expect(ci.credentials.filter((c) => c.status !== "REVOKED")).toHaveLength(3);
    expect(ci.entitlements.length).toBeGreaterThan(0);
    expect(ci).toMatchObject({ credentialCount: 3, entitlementCount: ci.entitlements.length, environment: "PROD" });
    // Root (only in the credential report) is outside the authorization export's scope.
    const root = await db.identity.findFirstOrThrow({ where: { externalId: "arn:aws:iam::123456789012:root" } });
    expect(root.status).toBe("ACTIVE");
    // The report (as CLI JSON) lists them again: back to active; entitlements are kept (the report carries none).
    const rep2 = await p.runImport({ actor, format: "auto", ...file(FIX, "aws-credential-report-cli.json"), now: NOW });
    expect(rep2.identities).toMatchObject({ created: 0, updated: 2, unchanged: 2 });
    expect(rep2.entitlements.revoked).toBe(0);
  });
});
