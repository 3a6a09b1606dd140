import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, owner: Viewer;
let sourceId: string;
const nhi: Record<string, string> = {};
let first: string;

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const mod = async () => ({
  q: await import("./queries"),
  m: await import("./mutations"),
  d: await import("./decisions"),
  db: (await import("../db")).db,
});

/** Certifies every item of the owner's in a campaign: the NHI confirmed, every grant and credential kept. */
async function certifyAll(campaignId: string) {
  const { d, q, db } = await mod();
  const items = await db.reviewItem.findMany({ where: { campaignId, reviewerId: owner.id, decidedAt: null }, select: { id: true } });
  for (const it of items) {
    const s = (await q.getReviewItem(owner, it.id)).snapshot;
    await d.decide(owner, it.id, {
      decisions: [
        { target: "IDENTITY", decision: "CONFIRM" },
        ...s.entitlements.map((e) => ({ target: "ENTITLEMENT" as const, id: e.id, decision: "KEEP" as const })),
        ...s.credentials.map((c) => ({ target: "CREDENTIAL" as const, id: c.id, decision: "KEEP" as const })),
      ],
    });
  }
}

beforeAll(async () => {
  t = await setupTestDb();
  const { db, m } = await mod();
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  sourceId = (await makeSource()).id;
  for (const name of ["unchanged", "new-grant", "new-finding", "new-key"]) {
    const { id } = await db.identity.create({
      data: { sourceId, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", purpose: `Runs the ${name} workload.`, lastUsedAt: ago(1), ownerId: owner.id },
      select: { id: true },
    });
    nhi[name] = id;
    await db.entitlement.create({ data: { identityId: id, resource: `arn:aws:s3:::${name}`, permission: "s3:GetObject", privilege: "READ", lastUsedAt: ago(1), grantedAt: ago(200) } });
    await db.credential.create({ data: { identityId: id, type: "ACCESS_KEY", externalId: `AKIA-${name}`, createdAt: ago(10), lastUsedAt: ago(1) } });
  }
  first = (await m.createCampaign(admin, { name: "Baseline", scope: { source: [sourceId] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY) })).id;
  await m.launchCampaign(admin, first);
  await certifyAll(first);
  await m.closeCampaign(admin, first);
});

afterAll(async () => {
  await t?.cleanup();
});

describe("delta review", () => {
  it("carries forward an unchanged NHI's certification; a changed grant, a new key or a new finding sends it to its owner with the change", async () => {
    const { db, m, q } = await mod();
    // After the baseline: a grant added to one NHI, a key to another, a finding opened on a third.
    await db.entitlement.create({ data: { identityId: nhi["new-grant"], resource: "arn:aws:s3:::ledger", permission: "s3:PutObject", privilege: "WRITE", lastUsedAt: ago(1), grantedAt: ago(1) } });
    await db.credential.create({ data: { identityId: nhi["new-key"], type: "ACCESS_KEY", externalId: "AKIA-second", createdAt: ago(1), lastUsedAt: ago(1) } });
    await db.finding.create({ data: { identityId: nhi["new-finding"], ruleId: "secret-in-code", owaspId: "NHI2", severity: "HIGH", firstSeenAt: new Date() } });

    const c = await m.createCampaign(admin, { name: "Delta", scope: { source: [sourceId] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY), deltaReview: true });
    expect((await q.previewCampaign(admin, c.id)).carried).toBe(1);
    const launched = await m.launchCampaign(admin, c.id);
    expect(launched).toMatchObject({ items: 4, carried: 1 });

    const items = await db.reviewItem.findMany({ where: { campaignId: c.id }, select: { id: true, identityId: true, carriedForward: true, decidedAt: true, decision: true, baselineItemId: true } });
    const of = (name: string) => items.find((i) => i.identityId === nhi[name])!;
    const baseline = await db.reviewItem.findFirstOrThrow({ where: { campaignId: first, identityId: nhi.unchanged } });
    expect(of("unchanged")).toMatchObject({ carriedForward: true, decision: "CONFIRM", baselineItemId: baseline.id });
    expect(of("unchanged").decidedAt).not.toBeNull();
    for (const name of ["new-grant", "new-key", "new-finding"]) expect(of(name)).toMatchObject({ carriedForward: false, decidedAt: null, baselineItemId: expect.any(String) });

    const decisions = await db.reviewDecision.findMany({ where: { itemId: of("unchanged").id } });
    expect(decisions.map((x) => `${x.target}:${x.decision}:${x.source}`).sort()).toEqual(["CREDENTIAL:KEEP:CARRY_FORWARD", "ENTITLEMENT:KEEP:CARRY_FORWARD", "IDENTITY:CONFIRM:CARRY_FORWARD"]);
    expect(decisions.every((x) => x.decidedById === null && x.reviewerOfRecordId === owner.id)).toBe(true);

    // The owner's inbox lists only what changed; the carried item is counted, not listed.
    const inbox = await q.listMyItems(owner, c.id);
    expect(inbox.rows.map((r) => r.name).sort()).toEqual(["new-finding", "new-grant", "new-key"]);
    expect(inbox).toMatchObject({ total: 3, carried: 1 });

    // The item page shows what changed against the baseline.
    const changed = await q.getReviewItem(owner, of("new-grant").id);
    const put = changed.snapshot.entitlements.find((e) => e.permission === "s3:PutObject")!;
    expect(changed.changes).toMatchObject({ baselineItemId: expect.any(String), addedEntitlements: [put.id], changedEntitlements: [], addedCredentials: [] });
    const key = await q.getReviewItem(owner, of("new-key").id);
    expect(key.changes?.addedCredentials).toHaveLength(1);
  });

  it("leaves a plain campaign untouched: nothing carried, no baseline", async () => {
    const { db, m } = await mod();
    const c = await m.createCampaign(admin, { name: "Full", scope: { source: [sourceId] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY) });
    expect(await m.launchCampaign(admin, c.id)).toMatchObject({ items: 4, carried: 0 });
    expect(await db.reviewItem.count({ where: { campaignId: c.id, OR: [{ carriedForward: true }, { baselineItemId: { not: null } }] } })).toBe(0);
  });
});
