import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, stamper: Viewer, careful: Viewer, bulker: Viewer, owner: Viewer;
let campaignId: string;
let dueAt: Date;

const DAY = 86_400_000;
const T0 = new Date(Date.now() + DAY);
const sec = (s: number) => new Date(T0.getTime() + s * 1000);
const mod = async () => ({
  q: await import("./quality"),
  m: await import("./mutations"),
  d: await import("./decisions"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { db, m } = await mod();
  admin = await makeUser("ADMIN");
  stamper = await makeUser("OWNER");
  careful = await makeUser("OWNER");
  bulker = await makeUser("OWNER");
  owner = await makeUser("OWNER");
  const { id: sourceId } = await makeSource();
  const mk = async (name: string, ownerId: string) => {
    const { id } = await db.identity.create({
      data: { sourceId, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", purpose: `Runs the ${name} workload.`, lastUsedAt: new Date(), ownerId },
      select: { id: true },
    });
    // One grant unused for 200 days on every NHI: keeping it is what a careful reviewer would question.
    await db.entitlement.create({ data: { identityId: id, resource: `arn:aws:s3:::${name}`, permission: "s3:*", privilege: "ADMIN", lastUsedAt: new Date(Date.now() - 200 * DAY), grantedAt: new Date(Date.now() - 400 * DAY) } });
  };
  for (let i = 0; i < 6; i++) await mk(`stamped-${i}`, stamper.id);
  for (let i = 0; i < 3; i++) await mk(`careful-${i}`, careful.id);
  for (let i = 0; i < 4; i++) await mk(`bulk-${i}`, bulker.id);
  dueAt = new Date(T0.getTime() + 10 * DAY);
  campaignId = (await m.createCampaign(admin, { name: "Quality", scope: { source: [sourceId] }, fallbackReviewerId: admin.id, dueAt })).id;
  await m.launchCampaign(admin, campaignId);
});

afterAll(async () => {
  await t?.cleanup();
});

async function itemsOf(reviewerId: string) {
  const { db } = await mod();
  return db.$queryRaw<{ id: string; ent: string }[]>`
    SELECT ri."id", (ri."entitlementSnapshot")[1].id AS ent FROM "ReviewItem" ri
    WHERE ri."campaignId" = ${campaignId} AND ri."reviewerId" = ${reviewerId} ORDER BY ri."id"`;
}

describe("review quality", () => {
  it("measures pace, KEEP share, bulk size and last-hour decisions per reviewer, and flags rubber-stamping", async () => {
    const { d, q } = await mod();
    // The stamper keeps everything, one item a second (two decisions per save: 0.5 s each).
    for (const [i, it] of (await itemsOf(stamper.id)).entries()) {
      await d.decide(stamper, it.id, { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "ENTITLEMENT", id: it.ent, decision: "KEEP" }] }, sec(i));
    }
    // The careful reviewer revokes, a minute apart, the last one in the final half hour before the deadline.
    const mine = await itemsOf(careful.id);
    const revoke = (it: { id: string; ent: string }, at: Date) =>
      d.decide(careful, it.id, { comment: "Admin on the bucket is not needed.", decisions: [{ target: "IDENTITY", decision: "CONFIRM" }, { target: "ENTITLEMENT", id: it.ent, decision: "REVOKE" }] }, at);
    await revoke(mine[0], sec(0));
    await revoke(mine[1], sec(60));
    await revoke(mine[2], new Date(dueAt.getTime() - 30 * 60_000));
    // The bulk reviewer applies "keep used, revoke unused" to all four items at once.
    await d.bulkKeepUsedRevokeUnused(bulker, campaignId, { comment: "Unused admin grants go." }, sec(5));

    const { reviewers, total } = await q.getReviewQuality(admin, campaignId);
    const of = (id: string) => reviewers.find((r) => r.reviewerId === id)!;
    expect(of(stamper.id)).toMatchObject({ decisions: 12, items: 6, accessDecisions: 6, keep: 6, keepShare: 1, keptUnused: 6, medianSeconds: 0.5, largestBulk: 0, lastHour: 0, rubberStamp: true });
    expect(of(stamper.id).reasons.join("; ")).toMatch(/kept all 6.*median 0\.5 s.*kept 6 unused/);
    expect(of(careful.id)).toMatchObject({ decisions: 6, accessDecisions: 3, keep: 0, keepShare: 0, medianSeconds: 30, lastHour: 2, rubberStamp: false });
    expect(of(bulker.id)).toMatchObject({ decisions: 4, largestBulk: 4, medianSeconds: null, rubberStamp: false });
    expect(total).toMatchObject({ decisions: 22, items: 13, keep: 6, largestBulk: 4, lastHour: 2, rubberStamp: true });
    await expect(q.getReviewQuality(stamper, campaignId)).rejects.toThrow(/permission/);
  });
});
