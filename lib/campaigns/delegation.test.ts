import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, delegator: Viewer, delegate: Viewer, other: Viewer, departed: Viewer, auditor: Viewer;
let plainCampaign: string, agentCampaign: string;
let itemId: string, secondItemId: string;

const DAY = 86_400_000;
const T0 = new Date(Date.now() + 2 * DAY); // the clock the tests move around; the campaigns are due well after it
const at = (days: number) => new Date(T0.getTime() + days * DAY);
const mod = async () => ({
  q: await import("./queries"),
  m: await import("./mutations"),
  d: await import("./decisions"),
  g: await import("./delegation"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { db, m } = await mod();
  admin = await makeUser("ADMIN");
  delegator = await makeUser("OWNER");
  delegate = await makeUser("OWNER");
  other = await makeUser("OWNER");
  departed = await makeUser("OWNER", { active: false });
  auditor = await makeUser("AUDITOR");
  const plain = await makeSource();
  const agents = await makeSource();
  const mk = (sourceId: string, name: string, data: Record<string, unknown> = {}) =>
    db.identity.create({
      data: { sourceId, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", purpose: `Runs the ${name} workload.`, lastUsedAt: new Date(), ownerId: delegator.id, ...data },
      select: { id: true },
    });
  await mk(plain.id, "billing-sync");
  await mk(plain.id, "report-cron");
  // An agent acting for the delegate: the delegate may not certify its access (self-review).
  await mk(agents.id, "assistant-agent", { kind: "AI_AGENT", onBehalfOfUserId: delegate.id, delegatedScopes: ["mail.read"] });
  const base = { fallbackReviewerId: admin.id, dueAt: at(30) };
  plainCampaign = (await m.createCampaign(admin, { ...base, name: "Plain NHIs", scope: { source: [plain.id] } })).id;
  agentCampaign = (await m.createCampaign(admin, { ...base, name: "Agents", scope: { source: [agents.id] } })).id;
  await m.launchCampaign(admin, plainCampaign);
  await m.launchCampaign(admin, agentCampaign);
  const items = await db.reviewItem.findMany({ where: { campaignId: plainCampaign }, orderBy: { id: "asc" }, select: { id: true, reviewerId: true } });
  expect(items.every((i) => i.reviewerId === delegator.id)).toBe(true);
  [itemId, secondItemId] = items.map((i) => i.id);
});

afterAll(async () => {
  await t?.cleanup();
});

describe("delegation of reviews", () => {
  it("refuses delegating to oneself, to an inactive user, to a non-reviewer, a reversed window, and a delegate blocked by self-review", async () => {
    const { g } = await mod();
    const win = { startsAt: at(0), endsAt: at(7) };
    await expect(g.createDelegation(delegator, { ...win, delegateId: delegator.id }, T0)).rejects.toThrow(/yourself/);
    await expect(g.createDelegation(delegator, { ...win, delegateId: departed.id }, T0)).rejects.toThrow(/deactivated/);
    await expect(g.createDelegation(delegator, { ...win, delegateId: auditor.id }, T0)).rejects.toThrow(/cannot decide reviews/);
    await expect(g.createDelegation(delegator, { startsAt: at(3), endsAt: at(1), delegateId: delegate.id }, T0)).rejects.toThrow();
    await expect(g.createDelegation(delegator, { startsAt: at(-5), endsAt: at(-1), delegateId: delegate.id }, T0)).rejects.toThrow(/already ended/);
    // All campaigns would include the agent acting for the delegate.
    await expect(g.createDelegation(delegator, { ...win, delegateId: delegate.id }, T0)).rejects.toThrow(/self-review/);
    await expect(g.createDelegation(other, { ...win, delegateId: delegate.id, delegatorId: delegator.id }, T0)).rejects.toThrow(/Only an admin/);
  });

  it("applies only inside its window and until revoked", async () => {
    const { g, q, db } = await mod();
    const d = await g.createDelegation(delegator, { delegateId: delegate.id, campaignId: plainCampaign, startsAt: at(1), endsAt: at(5), reason: "Parental leave" }, T0);
    expect(d.state).toBe("SCHEDULED");
    await expect(g.createDelegation(delegator, { delegateId: other.id, startsAt: at(2), endsAt: at(3) }, T0)).rejects.toThrow(/already delegated/);

    const sees = async (now: Date) => (await q.listMyItems(delegate, plainCampaign, now)).total;
    expect(await sees(at(0.5))).toBe(0); // not yet started
    await expect(q.getReviewItem(delegate, itemId, at(0.5))).rejects.toThrow(/not found/i);
    expect(await sees(at(2))).toBe(2); // active
    const rows = (await q.listMyItems(delegate, plainCampaign, at(2))).rows;
    expect(rows[0].forName).toBe(delegator.name);
    expect(await q.getReviewItem(delegate, itemId, at(2))).toMatchObject({ canDecide: true, actingFor: delegator.id });
    expect((await q.listMyReviewCampaigns(delegate, at(2)))[0]).toMatchObject({ id: plainCampaign, forOthers: [delegator.name] });
    expect(await sees(at(5))).toBe(0); // ended at endsAt, by itself
    await expect(q.getReviewItem(delegate, itemId, at(6))).rejects.toThrow(/not found/i);
    // Someone else never sees them.
    expect((await q.listMyItems(other, plainCampaign, at(2))).total).toBe(0);

    // Revoked: gone at once, and a revoked one cannot be revoked again.
    await expect(g.revokeDelegation(other, d.id, at(2))).rejects.toThrow(/not found/i);
    await g.revokeDelegation(delegator, d.id, at(2));
    expect(await sees(at(3))).toBe(0);
    await expect(g.revokeDelegation(delegator, d.id, at(3))).rejects.toThrow(/already been revoked/);
    expect(await db.auditEvent.count({ where: { targetId: d.id, action: { in: ["delegation.create", "delegation.revoke"] } } })).toBe(2);
    expect(await db.outboxMessage.count({ where: { to: delegate.email } })).toBe(1);
  });

  it("records the delegate as certifier and the delegator as reviewer of record; a revoked delegate cannot decide", async () => {
    const { g, d, db } = await mod();
    const del = await g.createDelegation(delegator, { delegateId: delegate.id, campaignId: plainCampaign, startsAt: at(10), endsAt: at(12) }, at(9));
    await expect(d.decide(delegate, itemId, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] }, at(9))).rejects.toThrow(/not found/i);
    const r = await d.decide(delegate, itemId, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] }, at(10.5));
    expect(r.complete).toBe(true);
    const rec = await db.reviewDecision.findFirstOrThrow({ where: { itemId, target: "IDENTITY" } });
    expect(rec).toMatchObject({ decision: "CONFIRM", decidedById: delegate.id, reviewerOfRecordId: delegator.id });
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: itemId }, select: { reviewerId: true, decidedById: true } })).toEqual({ reviewerId: delegator.id, decidedById: delegate.id });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: itemId, action: "review.decide" } });
    expect(audit).toMatchObject({ actorId: delegate.id, meta: expect.objectContaining({ reviewerOfRecordId: delegator.id, onBehalfOf: delegator.id }) });

    await g.revokeDelegation(delegate, del.id, at(11));
    await expect(d.decide(delegate, secondItemId, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] }, at(11.5))).rejects.toThrow(/not found/i);
  });

  it("keeps the self-review block for a delegate when the NHI comes to act for them after the delegation was made", async () => {
    const { g, d, q, db } = await mod();
    await g.createDelegation(delegator, { delegateId: delegate.id, campaignId: plainCampaign, startsAt: at(20), endsAt: at(22) }, at(19));
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id: secondItemId }, select: { identityId: true } });
    await db.identity.update({ where: { id: item.identityId }, data: { kind: "AI_AGENT", onBehalfOfUserId: delegate.id } });
    await expect(d.decide(delegate, secondItemId, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] }, at(21))).rejects.toThrow(/self-review/);
    expect(await q.getReviewItem(delegate, secondItemId, at(21))).toMatchObject({ canDecide: false });
    // The bulk action leaves it out too.
    expect(await d.previewBulkDecision(delegate, plainCampaign, undefined, at(21))).toMatchObject({ items: 0 });
    // The delegator is not blocked: it does not act for them.
    expect(await q.getReviewItem(delegator, secondItemId, at(21))).toMatchObject({ canDecide: true, actingFor: null });
  });

  it("lists the campaign's delegations for admins, with their state", async () => {
    const { g } = await mod();
    const rows = await g.listCampaignDelegations(admin, plainCampaign, at(21));
    expect(rows.map((r) => r.state).sort()).toEqual(["ACTIVE", "REVOKED", "REVOKED"]);
    await expect(g.listCampaignDelegations(delegate, plainCampaign, at(21))).rejects.toThrow(/permission/);
    const mine = await g.listMyDelegations(delegate, at(21));
    expect(mine.received).toHaveLength(1);
    expect(mine.given).toHaveLength(0);
  });
});
