import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeIdentity, makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, alice: Viewer, bob: Viewer, carol: Viewer, lead: Viewer;
let sourceId: string;

const DAY = 86_400_000;
const T0 = new Date("2026-11-01T09:00:00Z");
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const mod = async () => ({
  m: await import("./mutations"),
  q: await import("./queries"),
  u: await import("../users/mutations"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  lead = await makeUser("OWNER");
  const team = await db.team.create({ data: { name: `Payments ${Date.now()}`, leadId: lead.id } });
  alice = await makeUser("OWNER");
  bob = await makeUser("OWNER", { teamId: team.id });
  carol = await makeUser("OWNER");
  sourceId = (await makeSource()).id;
});

afterAll(async () => {
  await t?.cleanup();
});

describe("ownership transfers", () => {
  it("hands over on request only: the old owner stays owner until the new one accepts, and nobody else can accept", async () => {
    const { m, q, db } = await mod();
    const nhi = await makeIdentity(sourceId, { ownerId: alice.id, name: "ledger-writer" });
    await expect(m.handOver(carol, { identityId: nhi.id, toUserId: bob.id, reason: "Not mine" }, T0)).rejects.toThrow(/not found/i);
    await expect(m.handOver(alice, { identityId: nhi.id, toUserId: alice.id, reason: "Moving teams" }, T0)).rejects.toThrow(/already own/);
    await expect(m.handOver(alice, { identityId: nhi.id, toUserId: bob.id, reason: "" }, T0)).rejects.toThrow();
    const tr = await m.handOver(alice, { identityId: nhi.id, toUserId: bob.id, reason: "Moving to the platform team" }, T0);
    expect(tr.status).toBe("PENDING");
    expect((await db.identity.findUniqueOrThrow({ where: { id: nhi.id } })).ownerId).toBe(alice.id);
    expect((await q.listMyTransfers(bob)).incoming.map((r) => r.id)).toEqual([tr.id]);
    expect((await q.listMyTransfers(alice)).outgoing.map((r) => r.id)).toEqual([tr.id]);

    // A third owner, the old owner and even an admin cannot accept someone else's transfer.
    await expect(m.decideTransfer(carol, { id: tr.id, accept: true }, T0)).rejects.toThrow(/not found/i);
    await expect(m.decideTransfer(alice, { id: tr.id, accept: true }, T0)).rejects.toThrow(/not found/i);
    await expect(m.decideTransfer(admin, { id: tr.id, accept: true }, T0)).rejects.toThrow(/not found/i);

    await m.decideTransfer(bob, { id: tr.id, accept: true }, at(1));
    const after = await db.identity.findUniqueOrThrow({ where: { id: nhi.id } });
    expect(after.ownerId).toBe(bob.id);
    expect(after.teamId).toBe((await db.user.findUniqueOrThrow({ where: { id: bob.id } })).teamId);
    await expect(m.decideTransfer(bob, { id: tr.id, accept: false, reason: "changed my mind" }, at(2))).rejects.toThrow(/already accepted/);
    const audit = await db.auditEvent.findMany({ where: { OR: [{ targetId: tr.id }, { targetId: nhi.id }] }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["identity.update", "transfer.accept", "transfer.request"]);
    expect(await db.outboxMessage.count({ where: { to: alice.email, subject: { contains: "accepted" } } })).toBe(1);
  });

  it("declines with a reason: the NHI stays with its owner", async () => {
    const { m, db } = await mod();
    const nhi = await makeIdentity(sourceId, { ownerId: alice.id });
    const tr = await m.handOver(alice, { identityId: nhi.id, toUserId: carol.id, reason: "You run this now" }, T0);
    await expect(m.decideTransfer(carol, { id: tr.id, accept: false }, T0)).rejects.toThrow();
    await m.decideTransfer(carol, { id: tr.id, accept: false, reason: "Not my team's workload" }, T0);
    expect((await db.identity.findUniqueOrThrow({ where: { id: nhi.id } })).ownerId).toBe(alice.id);
    expect(await db.ownershipTransfer.findUniqueOrThrow({ where: { id: tr.id } })).toMatchObject({ status: "DECLINED", decisionReason: "Not my team's workload", decidedById: carol.id });
  });

  it("escalates transfers unanswered for N days to admins and the new owner's team lead, once", async () => {
    const { m, db } = await mod();
    const nhi = await makeIdentity(sourceId, { ownerId: alice.id });
    const tr = await m.handOver(alice, { identityId: nhi.id, toUserId: bob.id, reason: "Payments owns it" }, at(10));
    expect((await m.escalateTransfers(at(16))).escalated).toBe(0);
    const r = await m.escalateTransfers(at(17));
    expect(r.escalated).toBe(1);
    expect(await db.ownershipTransfer.findUniqueOrThrow({ where: { id: tr.id } })).toMatchObject({ status: "ESCALATED" });
    const to = (await db.outboxMessage.findMany({ where: { dedupKey: { startsWith: `transfer:${tr.id}:escalated` } }, select: { to: true } })).map((x) => x.to);
    expect(to).toContain(admin.email);
    expect(to).toContain(lead.email);
    expect((await m.escalateTransfers(at(18))).escalated).toBe(0);
    // Still open: the new owner can accept an escalated transfer.
    await m.decideTransfer(bob, { id: tr.id, accept: true }, at(19));
    expect((await db.identity.findUniqueOrThrow({ where: { id: nhi.id } })).ownerId).toBe(bob.id);
  });

  it("on deactivation sends each NHI to its backup owner as a pending transfer (orphan risk until accepted); no backup = orphan now", async () => {
    const { m, u, db } = await mod();
    const leaver = await makeUser("OWNER");
    const withBackup = await makeIdentity(sourceId, { ownerId: leaver.id, backupOwnerId: carol.id, name: "with-backup" });
    const noBackup = await makeIdentity(sourceId, { ownerId: leaver.id, name: "no-backup" });
    await expect(u.deactivateUser(alice, leaver.id, T0)).rejects.toThrow(/permission/);
    await expect(u.deactivateUser(admin, admin.id, T0)).rejects.toThrow(/your own/);
    const res = await u.deactivateUser(admin, leaver.id, T0);
    expect(res).toMatchObject({ transfers: 1, orphaned: 1 });
    expect((await db.identity.findUniqueOrThrow({ where: { id: noBackup.id } })).ownerId).toBeNull();
    const tr = await db.ownershipTransfer.findFirstOrThrow({ where: { identityId: withBackup.id } });
    expect(tr).toMatchObject({ status: "PENDING", origin: "DEACTIVATION", fromUserId: leaver.id, toUserId: carol.id });
    expect((await db.identity.findUniqueOrThrow({ where: { id: withBackup.id } })).ownerId).toBe(leaver.id);

    // The orphan rule counts "owner left, new owner not yet accepted" as orphan risk; accepting clears it.
    const { runRules } = await import("../rules/engine");
    await runRules({ now: T0 });
    const finding = (id: string, rule: string) => db.finding.findFirst({ where: { identityId: id, ruleId: rule, status: "OPEN" } });
    expect(await finding(withBackup.id, "orphaned-nhi")).toMatchObject({ evidence: expect.objectContaining({ summary: "Owner left, new owner has not accepted yet" }) });
    expect(await finding(withBackup.id, "owner-departed")).toBeNull();
    expect(await finding(noBackup.id, "orphaned-nhi")).not.toBeNull();
    await m.decideTransfer(carol, { id: tr.id, accept: true }, at(1));
    const after = await db.identity.findUniqueOrThrow({ where: { id: withBackup.id } });
    expect(after).toMatchObject({ ownerId: carol.id, backupOwnerId: null });
    await runRules({ now: at(1) });
    expect(await finding(withBackup.id, "orphaned-nhi")).toBeNull();
    await expect(u.deactivateUser(admin, leaver.id, T0)).rejects.toThrow(/already deactivated/);
  });
});
