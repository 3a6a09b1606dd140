import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";
import type { ReviewSnapshot } from "./snapshot";

let t: TestDb;
let admin: Viewer, fallback: Viewer, backup: Viewer, ownerA: Viewer, ownerB: Viewer, human: Viewer, auditor: Viewer, departed: Viewer;
let sourceId: string;
const nhi: Record<string, string> = {};
let campaignId: string;

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const mod = async () => ({
  q: await import("./queries"),
  m: await import("./mutations"),
  d: await import("./decisions"),
  r: await import("../remediation/queries"),
  db: (await import("../db")).db,
});

/** What the item's reviewer is shown, read the way every page reads it. */
async function snapshotOf(itemId: string): Promise<ReviewSnapshot> {
  const { q } = await mod();
  return (await q.getReviewItem(admin, itemId)).snapshot;
}

async function mkIdentity(name: string, data: Record<string, unknown>) {
  const { db } = await mod();
  const row = await db.identity.create({
    data: { sourceId, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", purpose: `Runs the ${name} workload in production.`, riskScore: 40, lastUsedAt: ago(2), ...data },
    select: { id: true },
  });
  nhi[name] = row.id;
  return row.id;
}

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  fallback = await makeUser("ADMIN");
  backup = await makeUser("OWNER");
  ownerA = await makeUser("OWNER");
  ownerB = await makeUser("OWNER");
  human = await makeUser("OWNER");
  auditor = await makeUser("AUDITOR");
  departed = await makeUser("OWNER", { active: false });
  sourceId = (await makeSource()).id;

  const payments = await mkIdentity("payments-api", { ownerId: ownerA.id, riskScore: 80 });
  await db.entitlement.createMany({
    data: [
      { identityId: payments, resource: "arn:aws:s3:::ledger", permission: "s3:GetObject", privilege: "READ", lastUsedAt: ago(3), grantedAt: ago(500) },
      { identityId: payments, resource: "arn:aws:s3:::ledger", permission: "s3:PutObject", privilege: "WRITE", lastUsedAt: ago(200), grantedAt: ago(500) },
      { identityId: payments, resource: "arn:aws:iam::*", permission: "iam:*", privilege: "ADMIN", lastUsedAt: null, grantedAt: ago(400) },
    ],
  });
  await db.credential.createMany({
    data: [
      { identityId: payments, type: "ACCESS_KEY", externalId: "AKIA-OLD", createdAt: ago(400), lastUsedAt: ago(1) },
      { identityId: payments, type: "ACCESS_KEY", externalId: "AKIA-NEW", createdAt: ago(10), lastUsedAt: ago(1) },
    ],
  });
  await mkIdentity("ledger-etl", { ownerId: ownerB.id });
  await mkIdentity("orphan-job", { ownerId: null, lastUsedAt: ago(300) });
  await mkIdentity("left-with-backup", { ownerId: departed.id, backupOwnerId: ownerB.id });
  await mkIdentity("left-no-backup", { ownerId: departed.id });
  await mkIdentity("agent-for-human", { kind: "AI_AGENT", ownerId: ownerA.id, onBehalfOfUserId: human.id, delegatedScopes: ["mail.read", "calendar.write"] });
  await mkIdentity("agent-for-itself", { kind: "AI_AGENT", ownerId: ownerA.id, onBehalfOfUserId: ownerA.id, delegatedScopes: ["repo.write"] });
  await mkIdentity("aws-service-role", { ownerId: null, platformManaged: true });
  await mkIdentity("break-glass-root", { ownerId: ownerB.id, breakGlass: true, lastUsedAt: null });
  const bg = nhi["break-glass-root"];
  await db.entitlement.create({ data: { identityId: bg, resource: "arn:aws:iam::*", permission: "*", privilege: "ADMIN", lastUsedAt: null, grantedAt: ago(700) } });
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`campaigns (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("refuses a scope value the inventory filter would drop, instead of widening the campaign", async () => {
    const { m } = await mod();
    const base = { name: "Bad scope", fallbackReviewerId: fallback.id, dueAt: new Date(Date.now() + 30 * DAY) };
    await expect(m.createCampaign(admin, { ...base, scope: { kind: ["NOT_A_KIND"] } })).rejects.toThrow(/does not understand/);
    await expect(m.createCampaign(admin, { ...base, scope: { colour: "blue" } })).rejects.toThrow(/does not understand/);
    await expect(m.createCampaign(admin, { ...base, dueAt: ago(1) })).rejects.toThrow(/future/);
    await expect(m.createCampaign(admin, { ...base, fallbackReviewerId: auditor.id })).rejects.toThrow(/cannot review/);
    await expect(m.createCampaign(ownerA, base)).rejects.toThrow(/permission/);
  });

  it("previews who will review what, with the launch's own routing", async () => {
    const { m, q } = await mod();
    const c = await m.createCampaign(admin, {
      name: "Q4 production certification",
      scope: { source: [sourceId] },
      fallbackReviewerId: fallback.id,
      backupReviewerId: backup.id,
      dueAt: new Date(Date.now() + 30 * DAY),
      commentRequired: "ON_REVOKE",
      noResponseOutcome: "REVOKE_UNUSED",
    });
    campaignId = c.id;
    const p = await q.previewCampaign(admin, campaignId);
    // 9 NHIs, minus the platform-managed one, plus a delegation item for each agent.
    expect(p.nhis).toBe(9);
    expect(p.total).toBe(10);
    expect(p.delegations).toBe(2);
    const routing = Object.fromEntries(p.byRouting.map((r) => [r.routedBy, r.count]));
    expect(routing).toEqual({ OWNER: 4, ON_BEHALF_OF: 1, FALLBACK_ORPHAN: 1, BACKUP_OWNER: 1, BACKUP_REVIEWER: 1, FALLBACK_SELF_REVIEW: 2 });
  });

  it("launches once: two admins at once and a second launch create nothing twice", async () => {
    const { m, db } = await mod();
    const results = await Promise.allSettled([m.launchCampaign(admin, campaignId), m.launchCampaign(fallback, campaignId)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/already been launched/);
    await expect(m.launchCampaign(admin, campaignId)).rejects.toThrow(/already been launched/);
    expect(await db.reviewItem.count({ where: { campaignId } })).toBe(10);
    const c = await db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(c).toMatchObject({ status: "ACTIVE", itemCount: 10 });
    expect(await db.auditEvent.count({ where: { action: "campaign.launch", targetId: campaignId } })).toBe(1);
  });

  it("routes items to owner, backup owner, backup reviewer, the human, and the fallback for orphans and self-review", async () => {
    const { db } = await mod();
    const items = await db.reviewItem.findMany({ where: { campaignId }, select: { identityId: true, part: true, reviewerId: true, routedBy: true } });
    const of = (name: string, part = "ACCESS") => items.find((i) => i.identityId === nhi[name] && i.part === part);
    expect(of("payments-api")).toMatchObject({ reviewerId: ownerA.id, routedBy: "OWNER" });
    expect(of("orphan-job")).toMatchObject({ reviewerId: fallback.id, routedBy: "FALLBACK_ORPHAN" });
    expect(of("left-with-backup")).toMatchObject({ reviewerId: ownerB.id, routedBy: "BACKUP_OWNER" });
    expect(of("left-no-backup")).toMatchObject({ reviewerId: backup.id, routedBy: "BACKUP_REVIEWER" });
    expect(of("agent-for-human")).toMatchObject({ reviewerId: ownerA.id, routedBy: "OWNER" });
    expect(of("agent-for-human", "DELEGATION")).toMatchObject({ reviewerId: human.id, routedBy: "ON_BEHALF_OF" });
    // The owner is the human the agent acts for: neither part may be certified by them.
    expect(of("agent-for-itself")).toMatchObject({ reviewerId: fallback.id, routedBy: "FALLBACK_SELF_REVIEW" });
    expect(of("agent-for-itself", "DELEGATION")).toMatchObject({ reviewerId: fallback.id, routedBy: "FALLBACK_SELF_REVIEW" });
    expect(of("aws-service-role")).toBeUndefined();
  });

  it("freezes what the reviewer is shown, with usage-based suggestions and a break-glass attestation instead", async () => {
    const { db } = await mod();
    const item = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["payments-api"] } });
    const s = await snapshotOf(item.id);
    expect(s.identity).toMatchObject({ name: "payments-api", owner: { id: ownerA.id }, suggested: "CONFIRM" });
    const byPerm = Object.fromEntries(s.entitlements.map((e) => [e.permission, e]));
    expect(byPerm["s3:GetObject"]).toMatchObject({ unused: false, suggested: "KEEP" });
    expect(byPerm["s3:PutObject"]).toMatchObject({ unused: true, suggested: "REVOKE", reason: expect.stringMatching(/Not used in 90\+ days/) });
    expect(byPerm["iam:*"]).toMatchObject({ unused: true, suggested: "REVOKE", reason: "Never used" });
    const byKey = Object.fromEntries(s.credentials.map((c) => [c.externalId, c]));
    expect(byKey["AKIA-OLD"]).toMatchObject({ overAge: true, ageDays: 400, maxAgeDays: 90, suggested: "ROTATE" });
    expect(byKey["AKIA-NEW"]).toMatchObject({ overAge: false, suggested: "KEEP" });
    expect(s.takenAt).toMatch(/Z$/);
    const bg = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["break-glass-root"] } });
    const bs = await snapshotOf(bg.id);
    expect(bs.identity.reason).toMatch(/tested and is still needed/);
    expect(bs.entitlements[0]).toMatchObject({ suggested: "KEEP", reason: expect.stringMatching(/Break-glass/) });
    const orphan = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["orphan-job"] } });
    expect((await snapshotOf(orphan.id)).identity.suggested).toBe("REASSIGN");
  });

  it("lets the owner decide their item as they go, refusing a revoke without the required comment", async () => {
    const { d, q, db } = await mod();
    const item = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["payments-api"] } });
    const s = await snapshotOf(item.id);
    const [get, put, iam] = ["s3:GetObject", "s3:PutObject", "iam:*"].map((p) => s.entitlements.find((e) => e.permission === p)!.id);
    const [oldKey, newKey] = ["AKIA-OLD", "AKIA-NEW"].map((k) => s.credentials.find((c) => c.externalId === k)!.id);

    const first = await d.decide(ownerA, item.id, { decisions: [{ target: "ENTITLEMENT", id: get, decision: "KEEP" }] });
    expect(first).toMatchObject({ complete: false, changed: 1 });
    await expect(d.decide(ownerA, item.id, { decisions: [{ target: "ENTITLEMENT", id: put, decision: "REVOKE" }] })).rejects.toThrow(/comment is required/);
    await expect(d.decide(ownerA, item.id, { decisions: [{ target: "CREDENTIAL", id: oldKey, decision: "REDUCE" as never }] })).rejects.toThrow();
    await expect(d.decide(ownerA, item.id, { decisions: [{ target: "ENTITLEMENT", id: "not-shown", decision: "KEEP" }] })).rejects.toThrow(/not part of this review/);
    await expect(d.decide(ownerA, item.id, { decisions: [{ target: "DELEGATION", decision: "KEEP" }] })).rejects.toThrow(/reviewed by the human/);

    const done = await d.decide(ownerA, item.id, {
      comment: "Write access and IAM admin are not needed by the reader.",
      purpose: "Reads settled payments from the ledger bucket for reconciliation.",
      decisions: [
        { target: "IDENTITY", decision: "CONFIRM" },
        { target: "ENTITLEMENT", id: put, decision: "REVOKE" },
        { target: "ENTITLEMENT", id: iam, decision: "REVOKE" },
        { target: "CREDENTIAL", id: oldKey, decision: "ROTATE" },
        { target: "CREDENTIAL", id: newKey, decision: "KEEP" },
      ],
    });
    expect(done).toMatchObject({ complete: true, missing: [] });
    const decided = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(decided).toMatchObject({ decision: "CONFIRM", decidedById: ownerA.id });
    expect(decided.decidedAt).not.toBeNull();
    const identity = await db.identity.findUniqueOrThrow({ where: { id: nhi["payments-api"] } });
    expect(identity.purpose).toBe("Reads settled payments from the ledger bucket for reconciliation.");
    const rec = await db.reviewDecision.findFirstOrThrow({ where: { itemId: item.id, targetId: put } });
    expect(rec).toMatchObject({ decision: "REVOKE", decidedById: ownerA.id, reviewerOfRecordId: ownerA.id, comment: expect.stringMatching(/not needed/) });
    const detail = await q.getReviewItem(ownerA, item.id);
    expect(detail).toMatchObject({ canDecide: true, progress: { complete: true } });
  });

  it("refuses someone else's item: 404 for another owner, 403 for an admin who is not its reviewer", async () => {
    const { d, q, db } = await mod();
    const item = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["payments-api"] } });
    await expect(q.getReviewItem(ownerB, item.id)).rejects.toThrow(/not found/i);
    await expect(d.decide(ownerB, item.id, { decisions: [{ target: "IDENTITY", decision: "DECOMMISSION" }], comment: "x" })).rejects.toThrow(/not found/i);
    await expect(d.decide(admin, item.id, { decisions: [{ target: "IDENTITY", decision: "DECOMMISSION" }], comment: "x" })).rejects.toThrow(/only its reviewer/);
    await expect(d.decide(auditor, item.id, { comment: "x" })).rejects.toThrow(/permission/);
    // The auditor reads it all, decides nothing.
    await expect(q.getReviewItem(auditor, item.id)).resolves.toMatchObject({ canDecide: false });
  });

  it("two tabs deciding the same item end with one decision and both attempts in the audit log", async () => {
    const { d, db } = await mod();
    const item = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["ledger-etl"] } });
    const before = await db.auditEvent.count({ where: { targetId: item.id, action: "review.decide" } });
    await Promise.all([
      d.decide(ownerB, item.id, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] }),
      d.decide(ownerB, item.id, { decisions: [{ target: "IDENTITY", decision: "REASSIGN", reassignToId: ownerA.id }] }),
    ]);
    expect(await db.reviewDecision.count({ where: { itemId: item.id, target: "IDENTITY" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: item.id, action: "review.decide" } })).toBe(before + 2);
  });

  it("lets the human certify the delegation, and keeps the self-review rule on reassignment", async () => {
    const { d, m, db } = await mod();
    const deleg = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["agent-for-human"], part: "DELEGATION" } });
    await expect(d.decide(human, deleg.id, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] })).rejects.toThrow(/delegation only/);
    await expect(d.decide(human, deleg.id, { decisions: [{ target: "DELEGATION", decision: "KEEP" }] })).resolves.toMatchObject({ complete: true });
    const self = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["agent-for-itself"], part: "ACCESS" } });
    const res = await m.reassignItems(admin, campaignId, { itemIds: [self.id], toUserId: ownerA.id });
    expect(res).toMatchObject({ reassigned: 0, selfReview: 1 });
    await expect(m.reassignItems(admin, campaignId, { itemIds: [self.id], toUserId: auditor.id })).rejects.toThrow(/cannot review/);
    await expect(m.reassignItems(admin, campaignId, { itemIds: [self.id], toUserId: ownerB.id })).resolves.toMatchObject({ reassigned: 1 });
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: self.id } })).toMatchObject({ reviewerId: ownerB.id, routedBy: "REASSIGNED" });
  });

  it("keeps all used and revokes all unused in one confirmed bulk action, never overwriting a decision", async () => {
    const { d, db } = await mod();
    const preview = await d.previewBulkDecision(ownerB, campaignId);
    // ownerB: left-with-backup (no grants), agent-for-itself (no grants), the break-glass NHI is left out.
    expect(preview).toMatchObject({ keep: 0, revoke: 0, rotate: 0 });
    const payments = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["payments-api"] } });
    // ownerA's only item with grants is decided already: nothing to do.
    expect(await d.previewBulkDecision(ownerA, campaignId)).toMatchObject({ items: 0 });
    expect(await db.reviewDecision.count({ where: { itemId: payments.id } })).toBe(6);
  });

  it("shows a break-glass NHI only with the tested-and-still-needed attestation", async () => {
    const { d, db } = await mod();
    const bg = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["break-glass-root"] } });
    const s = await snapshotOf(bg.id);
    const res = await d.decide(ownerB, bg.id, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "ENTITLEMENT", id: s.entitlements[0].id, decision: "KEEP" }] });
    expect(res).toMatchObject({ complete: false, missing: ["the break-glass attestation"] });
    await expect(d.decide(ownerB, bg.id, { breakGlassTested: true })).resolves.toMatchObject({ complete: true });
  });

  it("reports progress overall, by team and by reviewer, with non-responders", async () => {
    const { q } = await mod();
    const p = await q.getCampaignProgress(admin, campaignId);
    expect(p.total).toBe(10);
    expect(p.decided).toBe(4);
    const mine = p.reviewers.find((r) => r.reviewer?.id === backup.id)!;
    expect(mine).toMatchObject({ total: 1, decided: 0, pending: 1 });
    expect(p.nonResponders.map((r) => r.reviewer?.id)).toContain(backup.id);
    await expect(q.getCampaignProgress(ownerA, campaignId)).rejects.toThrow(/permission/);
  });

  it("closes: no-response outcome, reassignments wait for the new owner, certification stamps, remediation tasks; then refuses decisions", async () => {
    const { m, d, r, db } = await mod();
    await expect(m.completeCampaign(admin, campaignId)).rejects.toThrow(/Close the review first/);
    const res = await m.closeCampaign(admin, campaignId);
    expect(res.status).toBe("REMEDIATION");
    await expect(m.closeCampaign(admin, campaignId)).rejects.toThrow(/already closed/);
    const orphanItem = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["orphan-job"] } });
    expect(orphanItem.noResponse).toBe(true);
    // REASSIGN (one of the two tabs above) asks the new owner; the owner stays until they accept (lib/ownership).
    const led = await db.reviewDecision.findFirstOrThrow({ where: { item: { campaignId, identityId: nhi["ledger-etl"] }, target: "IDENTITY" } });
    const transfer = await db.ownershipTransfer.findFirst({ where: { identityId: nhi["ledger-etl"] } });
    expect((await db.identity.findUniqueOrThrow({ where: { id: nhi["ledger-etl"] } })).ownerId).toBe(ownerB.id);
    if (led.decision === "REASSIGN") expect(transfer).toMatchObject({ status: "PENDING", origin: "REVIEW", fromUserId: ownerB.id, toUserId: ownerA.id, requestedById: ownerB.id });
    else expect(transfer).toBeNull();
    const tasks = await db.remediationTask.findMany({ where: { campaignId }, orderBy: { action: "asc" } });
    const actions = tasks.map((t) => `${t.action}:${t.title}`);
    expect(actions).toEqual(
      expect.arrayContaining(["REVOKE_ENTITLEMENT:s3:PutObject on arn:aws:s3:::ledger", "REVOKE_ENTITLEMENT:iam:* on arn:aws:iam::*", "ROTATE_CREDENTIAL:ACCESS_KEY AKIA-OLD"]),
    );
    expect(tasks.every((t) => t.status === "OPEN" && t.dueAt)).toBe(true);
    expect(tasks.find((t) => t.action === "ROTATE_CREDENTIAL")!.assigneeId).toBe(ownerA.id);
    const certified = await db.identity.findUniqueOrThrow({ where: { id: nhi["payments-api"] } });
    expect(certified.lastCertifiedAt).not.toBeNull();
    const payments = await db.reviewItem.findFirstOrThrow({ where: { campaignId, identityId: nhi["payments-api"] } });
    await expect(d.decide(ownerA, payments.id, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] })).rejects.toThrow(/review is closed/);
    // The owner sees their tasks on the remediation page; another owner does not.
    const mineA = await r.listRemediationTasks(ownerA, (await import("../remediation/schemas")).ZTaskQuery.parse({}));
    expect(mineA.total).toBeGreaterThanOrEqual(3);
    const mineHuman = await r.listRemediationTasks(human, (await import("../remediation/schemas")).ZTaskQuery.parse({}));
    expect(mineHuman.rows.every((row) => row.assignee?.id === human.id || row.identity.ownerId === human.id)).toBe(true);
  });

  it("exports an evidence pack for auditors: decisions with who and for whom, snapshots, a summary with hashes", async () => {
    const { evidencePack } = await import("./evidence");
    const { unzipText } = await import("../testing/unzip");
    const crypto = await import("node:crypto");
    await expect(evidencePack(ownerA, campaignId)).rejects.toThrow(/permission/);
    const { filename, stream } = await evidencePack(auditor, campaignId);
    expect(filename).toMatch(/^steward-evidence-q4-production-certification-\d{4}-\d{2}-\d{2}\.zip$/);
    const chunks: Buffer[] = [];
    for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    const files = unzipText(Buffer.concat(chunks));
    expect(Object.keys(files)).toEqual(["decisions.csv", "snapshots.json", "exceptions.csv", "summary.html"]);
    const csv = files["decisions.csv"];
    expect(csv.split("\n")[0]).toContain("item_id,part,nhi_id,nhi_name");
    const revoke = csv.split("\n").find((l) => l.includes("s3:PutObject on arn:aws:s3:::ledger"))!;
    expect(revoke).toContain(",REVOKE,");
    expect(revoke).toContain(ownerA.email);
    expect(revoke).toContain("not needed by the reader");
    expect(csv).toMatch(/orphan-job.*NO_RESPONSE/);
    const json = JSON.parse(files["snapshots.json"]);
    expect(json.items).toHaveLength(10);
    expect(json.items.find((i: { snapshot: ReviewSnapshot }) => i.snapshot.identity.name === "payments-api").decisions.length).toBe(6);
    const sha = (x: string) => crypto.createHash("sha256").update(x).digest("hex");
    expect(files["summary.html"]).toContain(sha(csv));
    expect(files["summary.html"]).toContain(sha(files["snapshots.json"]));
  });

  it("'changed since last certified' picks NHIs never certified and those that gained access since", async () => {
    const { db } = await mod();
    const { listIdentities } = await import("../identities/queries");
    const { ZInventoryQuery } = await import("../identities/schemas");
    const changed = async () => (await listIdentities(admin, ZInventoryQuery.parse({ changed: "1", source: sourceId, size: "200" }))).rows.map((r) => r.name);
    expect(await changed()).not.toContain("payments-api");
    expect(await changed()).toContain("orphan-job");
    await new Promise((res) => setTimeout(res, 20));
    await db.entitlement.create({ data: { identityId: nhi["payments-api"], resource: "arn:aws:sqs:::queue", permission: "sqs:SendMessage", privilege: "WRITE" } });
    expect(await changed()).toContain("payments-api");
  });
});
