import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

let t: TestDb;

beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

describe("demo campaign seed", () => {
  it("launches a campaign over production with a realistic share decided, every decided item complete", async () => {
    const { seedDemo } = await import("./index");
    const { seedDemoCampaign } = await import("./campaign");
    const { db } = await import("../db");
    const { getReviewItem } = await import("../campaigns/queries");
    await seedDemo({ identities: 300, seed: 7 });
    const res = await seedDemoCampaign();
    expect(res).not.toBeNull();
    const { id, items, decided } = res!;
    expect(items).toBeGreaterThan(50);
    // Between a third and three quarters decided: a campaign in progress, not empty, not finished.
    expect(decided / items).toBeGreaterThan(0.3);
    expect(decided / items).toBeLessThan(0.75);
    const c = await db.campaign.findUniqueOrThrow({ where: { id } });
    expect(c.status).toBe("ACTIVE");
    // Decided items satisfy the one completeness rule, as the pages compute it.
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@steward.local" }, select: { id: true, email: true, name: true, role: true } });
    const sample = await db.reviewItem.findMany({ where: { campaignId: id, decidedAt: { not: null } }, select: { id: true }, take: 25 });
    for (const s of sample) expect((await getReviewItem(admin, s.id)).progress).toMatchObject({ complete: true });
    // The demo owner has items, some still to do.
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@steward.local" } });
    const mine = await db.reviewItem.count({ where: { campaignId: id, reviewerId: owner.id } });
    const left = await db.reviewItem.count({ where: { campaignId: id, reviewerId: owner.id, decidedAt: null } });
    expect(mine).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
  });
});
