import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeIdentity, makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, ownerA: Viewer, ownerB: Viewer, ciso: Viewer, auditor: Viewer;
let mine: { id: string }, backedUp: { id: string }, theirs: { id: string }, orphan: { id: string };

const mod = async () => ({
  q: await import("./queries"),
  m: await import("./mutations"),
  s: await import("./schemas"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  admin = await makeUser("ADMIN");
  ownerA = await makeUser("OWNER");
  ownerB = await makeUser("OWNER");
  ciso = await makeUser("SECURITY_VIEWER");
  auditor = await makeUser("AUDITOR");
  const src = await makeSource();
  const old = new Date(Date.now() - 400 * 86_400_000);
  mine = await makeIdentity(src.id, { name: "alpha-payments", ownerId: ownerA.id, riskScore: 90, oldestCredentialAt: old, unusedEntitlements: 3 });
  backedUp = await makeIdentity(src.id, { name: "beta-ledger", ownerId: ownerB.id, backupOwnerId: ownerA.id, riskScore: 40 });
  theirs = await makeIdentity(src.id, { name: "gamma-search", ownerId: ownerB.id, riskScore: 70 });
  orphan = await makeIdentity(src.id, { name: "delta-orphan", ownerId: null, riskScore: 80, unusedEntitlements: 1 });
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`identity data layer (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("scopes an owner to NHIs they own or back up", async () => {
    const { q, s } = await mod();
    const { rows, total } = await q.listIdentities(ownerA, s.ZInventoryQuery.parse({}));
    expect(total).toBe(2);
    expect(rows.map((r) => r.id).sort()).toEqual([mine.id, backedUp.id].sort());
  });

  it("lets admins, security viewers and auditors read the whole estate", async () => {
    const { q, s } = await mod();
    for (const v of [admin, ciso, auditor]) {
      expect((await q.listIdentities(v, s.ZInventoryQuery.parse({}))).total).toBe(4);
    }
  });

  it("hides another owner's NHI as not found", async () => {
    const { q } = await mod();
    await expect(q.getIdentityDetail(ownerA, theirs.id)).rejects.toThrow(/not found/i);
    await expect(q.getIdentityDetail(ownerA, mine.id)).resolves.toMatchObject({ identity: { id: mine.id } });
  });

  it("filters orphans, old secrets, unused grants and risk, and sorts by an allowlisted key", async () => {
    const { q, s } = await mod();
    const list = async (p: Record<string, string>) => (await q.listIdentities(admin, s.ZInventoryQuery.parse(p))).rows.map((r) => r.name);
    expect(await list({ owner: "none" })).toEqual(["delta-orphan"]);
    expect(await list({ credAgeOver: "365" })).toEqual(["alpha-payments"]);
    expect(await list({ unused: "1", sort: "name", dir: "asc" })).toEqual(["alpha-payments", "delta-orphan"]);
    expect(await list({ riskMin: "75" })).toEqual(["alpha-payments", "delta-orphan"]);
    expect(await list({ q: "LEDGER" })).toEqual(["beta-ledger"]);
    expect(await list({})).toEqual(["alpha-payments", "delta-orphan", "gamma-search", "beta-ledger"]);
    // A sort key outside the allowlist falls back to the default (risk, descending) rather than failing.
    expect(await list({ sort: "passwordHash" })).toEqual(["alpha-payments", "delta-orphan", "gamma-search", "beta-ledger"]);
  });

  it("filters the dashboard's click-throughs: secret age ranges, privileged, never-expiring secrets", async () => {
    const { q, s, db } = await mod();
    const list = async (p: Record<string, string>) => (await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...p, sort: "name", dir: "asc" }))).rows.map((r) => r.name);
    await db.identity.update({ where: { id: backedUp.id }, data: { oldestCredentialAt: new Date(Date.now() - 45 * 86_400_000) } });
    expect(await list({ credAgeOver: "30", credAgeUnder: "90" })).toEqual(["beta-ledger"]);
    expect(await list({ credAgeUnder: "365" })).toEqual(["beta-ledger"]);
    await db.identity.update({ where: { id: theirs.id }, data: { canTriggerDeploy: true } });
    await db.entitlement.create({ data: { identityId: orphan.id, resource: "org", permission: "admin", privilege: "ADMIN" } });
    expect(await list({ privileged: "1" })).toEqual(["delta-orphan", "gamma-search"]);
    await db.credential.create({ data: { identityId: mine.id, externalId: "k1", type: "ACCESS_KEY", createdAt: new Date(), expiresAt: null } });
    await db.credential.create({ data: { identityId: theirs.id, externalId: "k2", type: "ACCESS_KEY", createdAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) } });
    expect(await list({ neverExpires: "1" })).toEqual(["alpha-payments"]);
  });

  it("falls back to defaults for malformed URL params", async () => {
    const { s } = await mod();
    const parsed = s.ZInventoryQuery.parse({ page: "-3", size: "100000", dir: "sideways", kind: ["API_KEY", "NOPE"], riskMin: "abc" });
    expect(parsed).toMatchObject({ page: 1, size: 50, dir: "desc", sort: "risk", kind: ["API_KEY"], riskMin: undefined });
  });

  it("lets an owner edit the purpose of their NHI, with an audit event in the same transaction", async () => {
    const { m, db } = await mod();
    await m.updateIdentity(ownerA, mine.id, { purpose: "Posts settled payments to the ledger every night." });
    const row = await db.identity.findUniqueOrThrow({ where: { id: mine.id } });
    expect(row.purpose).toBe("Posts settled payments to the ledger every night.");
    expect(row.purposeConfirmedAt).not.toBeNull();
    const ev = await db.auditEvent.findFirstOrThrow({ where: { targetId: mine.id }, orderBy: { seq: "desc" } });
    expect(ev).toMatchObject({ action: "identity.update", actorId: ownerA.id });
    expect(ev.after).toMatchObject({ purpose: "Posts settled payments to the ledger every night." });
  });

  it("refuses an owner changing ownership, or editing another owner's NHI", async () => {
    const { m } = await mod();
    await expect(m.updateIdentity(ownerA, mine.id, { ownerId: ownerB.id })).rejects.toThrow(/only admins/i);
    await expect(m.updateIdentity(ownerA, theirs.id, { purpose: "I would like to take this over please." })).rejects.toThrow(/not found/i);
    await expect(m.updateIdentity(ciso, mine.id, { purpose: "Security viewers cannot write anything." })).rejects.toThrow(/permission/i);
  });

  it("lets an admin reassign owners, validating the new owner", async () => {
    const { m, db } = await mod();
    await m.updateIdentity(admin, orphan.id, { ownerId: ownerB.id, criticality: "HIGH" });
    expect(await db.identity.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ ownerId: ownerB.id, criticality: "HIGH" });
    await expect(m.updateIdentity(admin, orphan.id, { backupOwnerId: ownerB.id })).rejects.toThrow(/someone other/i);
    const gone = await makeUser("OWNER", { active: false });
    await expect(m.updateIdentity(admin, orphan.id, { ownerId: gone.id })).rejects.toThrow(/active user/i);
  });

  it("bulk-assigns an owner in one set-based update with one audit event per NHI", async () => {
    const { m, db } = await mod();
    const before = await db.auditEvent.count();
    const res = await m.bulkAssignOwner(admin, { identityIds: [theirs.id, backedUp.id], ownerId: ownerA.id });
    expect(res.updated).toBe(2);
    expect(await db.auditEvent.count()).toBe(before + 2);
    await expect(m.bulkAssignOwner(ownerA, { identityIds: [theirs.id], ownerId: ownerA.id })).rejects.toThrow(/permission/i);
  });
});
