// Remediation tasks closed by the evidence: a campaign's revoke / rotate / decommission tasks close when a later
// import shows the work done, and only those; the daily check does the same for what no import reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
let owner: Viewer;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const SOURCE = "manual:verify-test";

const mod = async () => ({
  p: await import("../imports/pipeline"),
  m: await import("../campaigns/mutations"),
  d: await import("../campaigns/decisions"),
  v: await import("./verify"),
  db: (await import("../db")).db,
  fx: await import("../testing/fixtures"),
});

const file = (identities: unknown[]) => ({
  fileName: "inventory.json",
  buffer: JSON.stringify({ format: "steward-import/v1", source: SOURCE, fullInventory: true, identities }),
});
const nhi = (id: string, extra: Record<string, unknown> = {}) => ({
  externalId: id, name: id, kind: "SERVICE_ACCOUNT", environment: "prod", createdAt: "2023-01-01T00:00:00Z", purpose: `Runs the ${id} job in production.`,
  credentials: [{ id: `${id}-k1`, type: "ACCESS_KEY", createdAt: "2023-01-01T00:00:00Z" }],
  entitlements: [{ resource: `svc:${id}`, permission: "write", privilege: "WRITE" }],
  ...extra,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { fx } = await mod();
  admin = await fx.makeUser("ADMIN");
  owner = await fx.makeUser("OWNER");
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`remediation verified by imports (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let campaignId: string;
  const ids: Record<string, string> = {};

  it("closes exactly the tasks a later import shows done, with a note, no closer and an audit event each", async () => {
    const { p, m, d, db } = await mod();
    const names = ["revoke-grant", "rotate-key", "decommission", "revoke-key", "still-todo"];
    await p.runImport({ viewer: admin, format: "generic", ...file(names.map((n) => nhi(n))) });
    for (const n of names) {
      const row = await db.identity.findFirstOrThrow({ where: { externalId: n }, select: { id: true } });
      ids[n] = row.id;
    }
    await db.identity.updateMany({ where: { id: { in: Object.values(ids) } }, data: { ownerId: owner.id } });
    const source = await db.source.findUniqueOrThrow({ where: { key: SOURCE } });

    // A campaign a week ago: the owner asks for each kind of work, then the review closes (tasks created then).
    const c = await m.createCampaign(admin, { name: "Verify test", scope: { source: [source.id] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY), commentRequired: "NEVER" });
    campaignId = c.id;
    await m.launchCampaign(admin, c.id, ago(8));
    const items = await db.reviewItem.findMany({ where: { campaignId: c.id }, select: { id: true, identityId: true } });
    const item = (n: string) => items.find((i) => i.identityId === ids[n])!.id;
    const ent = async (n: string) => (await db.entitlement.findFirstOrThrow({ where: { identityId: ids[n] } })).id;
    const cred = async (n: string) => (await db.credential.findFirstOrThrow({ where: { identityId: ids[n] } })).id;
    await d.decide(owner, item("revoke-grant"), { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "ENTITLEMENT", id: await ent("revoke-grant"), decision: "REVOKE" }] }, ago(7));
    await d.decide(owner, item("rotate-key"), { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "CREDENTIAL", id: await cred("rotate-key"), decision: "ROTATE" }] }, ago(7));
    await d.decide(owner, item("decommission"), { decisions: [{ target: "IDENTITY", decision: "DECOMMISSION" }] }, ago(7));
    await d.decide(owner, item("revoke-key"), { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "CREDENTIAL", id: await cred("revoke-key"), decision: "REVOKE" }] }, ago(7));
    await d.decide(owner, item("still-todo"), { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "ENTITLEMENT", id: await ent("still-todo"), decision: "REVOKE" }] }, ago(7));
    await m.closeCampaign(admin, c.id, ago(6));
    const tasks = await db.remediationTask.findMany({ where: { campaignId: c.id }, select: { id: true, action: true, identityId: true, status: true } });
    expect(tasks.map((x) => x.action).sort()).toEqual(["DECOMMISSION_IDENTITY", "REVOKE_CREDENTIAL", "REVOKE_ENTITLEMENT", "REVOKE_ENTITLEMENT", "ROTATE_CREDENTIAL"]);
    // One task already in progress by hand: verification closes it too.
    await db.remediationTask.updateMany({ where: { identityId: ids["rotate-key"] }, data: { status: "IN_PROGRESS" } });

    // The next full export: the grant is gone, the key rotated three days ago, the NHI to decommission is not listed,
    // the key to revoke is absent (revoked at source); still-todo is unchanged.
    const second = await p.runImport({
      viewer: admin,
      format: "generic",
      ...file([
        nhi("revoke-grant", { entitlements: [] }),
        nhi("rotate-key", { credentials: [{ id: "rotate-key-k1", type: "ACCESS_KEY", createdAt: "2023-01-01T00:00:00Z", lastRotatedAt: ago(3).toISOString() }] }),
        nhi("revoke-key", { credentials: [] }),
        nhi("still-todo"),
      ]),
    });
    const after = await db.remediationTask.findMany({ where: { campaignId: c.id }, select: { identityId: true, status: true, closedById: true, closedAt: true, closedNote: true, verifiedByImportId: true } });
    const of = (n: string) => after.find((x) => x.identityId === ids[n])!;
    for (const n of ["revoke-grant", "rotate-key", "decommission", "revoke-key"]) {
      expect(of(n), n).toMatchObject({ status: "DONE", closedById: null, verifiedByImportId: second.jobId });
      expect(of(n).closedNote).toMatch(new RegExp(`^Verified by import ${second.jobId}: `));
      expect(of(n).closedAt).not.toBeNull();
    }
    expect(of("revoke-grant").closedNote).toContain("the grant is revoked at source");
    expect(of("rotate-key").closedNote).toContain("the credential was rotated on");
    expect(of("decommission").closedNote).toContain("the NHI is deleted at source");
    expect(of("revoke-key").closedNote).toContain("the credential is revoked at source");
    expect(of("still-todo")).toMatchObject({ status: "OPEN", closedNote: null });

    const audit = await db.auditEvent.findMany({ where: { action: "remediation.verified" }, select: { targetId: true, actorEmail: true, meta: true } });
    expect(audit).toHaveLength(4);
    expect(audit.every((a) => (a.meta as { importJobId: string }).importJobId === second.jobId)).toBe(true);
    // Work remains: the campaign stays in remediation.
    expect((await db.campaign.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("REMEDIATION");
  });

  it("does not count a rotation older than the task, and the daily check closes the last task and the campaign", async () => {
    const { v, db } = await mod();
    const todo = await db.remediationTask.findFirstOrThrow({ where: { campaignId, status: "OPEN" } });
    // Nothing changed: nothing closes, nothing is audited.
    expect(await db.$transaction((tx) => v.closeVerifiedTasks(tx, { now: new Date(), importJobId: null }))).toEqual({ closed: 0, campaignsClosed: 0 });

    // A rotation before the task was created is not the task's work.
    const key = await db.credential.findFirstOrThrow({ where: { identityId: ids["still-todo"] } });
    const rotateTask = await db.remediationTask.create({
      data: { identityId: ids["still-todo"], action: "ROTATE_CREDENTIAL", targetType: "Credential", targetId: key.id, title: "key", status: "OPEN" },
    });
    await db.credential.update({ where: { id: key.id }, data: { lastRotatedAt: ago(30) } });

    // The grant is revoked by hand at the source, seen by the daily check (no import).
    await db.entitlement.updateMany({ where: { identityId: ids["still-todo"] }, data: { status: "REVOKED" } });
    const res = await db.$transaction((tx) => v.closeVerifiedTasks(tx, { now: new Date(), importJobId: null }));
    expect(res).toEqual({ closed: 1, campaignsClosed: 1 });
    const closed = await db.remediationTask.findUniqueOrThrow({ where: { id: todo.id } });
    expect(closed).toMatchObject({ status: "DONE", closedById: null, verifiedByImportId: null, closedNote: "Verified by the daily check: the grant is revoked at source" });
    expect((await db.remediationTask.findUniqueOrThrow({ where: { id: rotateTask.id } })).status).toBe("OPEN");
    expect((await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("CLOSED");
    const done = await db.auditEvent.findFirst({ where: { action: "campaign.complete", targetId: campaignId } });
    expect((done?.meta as { reason: string }).reason).toContain("verified done by the daily check");
  });
});
