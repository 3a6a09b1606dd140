// PostgreSQL only (skipped without DATABASE_URL): a launch whose snapshots are built on two connections before its
// transaction (launch-items.ts) creates exactly the items the one-statement launch creates, and leaves no table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb | undefined;
const pg = !!process.env.DATABASE_URL;
const DAY = 86_400_000;
let admin: Viewer;

const mod = async () => ({
  m: await import("./mutations"),
  staging: await import("./launch-items"),
  sql: await import("./sql"),
  snapshot: await import("./snapshot"),
  db: (await import("../db")).db,
});

/** The staging tables still there once the launch's background drop has had up to 5 s. */
async function stagingTables(): Promise<string[]> {
  const { db } = await mod();
  for (let k = 0; ; k++) {
    const rows = await db.$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables WHERE tablename LIKE 'steward\_launch\_%' ORDER BY 1`;
    if (!rows.length || k === 50) return rows.map((r) => r.t);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function draft(name: string, scope: Record<string, unknown>): Promise<string> {
  const { m } = await mod();
  const c = await m.createCampaign(admin, { name, scope, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * DAY), noResponseOutcome: "NO_CHANGE" } as Parameters<typeof m.createCampaign>[1]);
  return c.id;
}

/** Each item as its reviewer is shown it (read as every page reads it), keyed by NHI and part. */
async function itemsOf(campaignId: string) {
  const { db, sql, snapshot } = await mod();
  const rows = await db.$queryRaw<{ k: string; reviewerId: string | null; routedBy: string; snap: unknown }[]>`
    SELECT ri."identityId" || ':' || ri.part AS k, ri."reviewerId", ri."routedBy"::text AS "routedBy", ${sql.snapshotJson("ri")} AS snap
    FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId} ORDER BY 1`;
  return rows.map((r) => ({ ...r, snap: snapshot.readSnapshot(r.snap) }));
}

beforeAll(async () => {
  if (!pg) return;
  t = await setupTestDb();
  const { db } = await mod();
  admin = await makeUser("ADMIN");
  const owner = await makeUser("OWNER");
  const left = await makeUser("OWNER", { active: false });
  const { id: sourceId } = await makeSource();
  for (let k = 0; k < 12; k++) {
    const id = (await db.identity.create({
      data: { sourceId, externalId: `svc-${k}`, name: `svc-${k}`, kind: k % 3 ? "SERVICE_ACCOUNT" : "API_KEY", environment: "PROD", riskScore: 50 + k,
        ownerId: k % 4 === 0 ? null : k % 4 === 1 ? left.id : owner.id, platformManaged: k === 11, lastUsedAt: new Date(Date.now() - k * 20 * DAY) },
      select: { id: true },
    })).id;
    await db.entitlement.createMany({ data: Array.from({ length: k % 5 }, (_, j) => ({ identityId: id, resource: `arn:aws:s3:::bucket-${j}`, permission: j ? "s3:GetObject" : "s3:*", privilege: j ? "READ" as const : "ADMIN" as const, lastUsedAt: j % 2 ? null : new Date(Date.now() - j * 60 * DAY), grantedAt: new Date(Date.now() - 400 * DAY) })) });
    if (k % 2) await db.credential.create({ data: { identityId: id, type: "ACCESS_KEY", externalId: `AKIA${k}`, createdAt: new Date(Date.now() - k * 30 * DAY), lastUsedAt: new Date(Date.now() - DAY) } });
  }
});
afterAll(async () => {
  if (pg) (await import("./launch-items")).launchStaging.minNhis = 5_000;
  await t?.cleanup();
});

describe.skipIf(!pg)("launch with snapshots staged on two connections (postgres)", () => {
  it("creates the same items as the one-statement launch, and drops its tables", async () => {
    const { m, staging } = await mod();
    const now = new Date();
    const plain = await draft("plain", { riskMin: 50 });
    const staged = await draft("staged", { riskMin: 50 });
    staging.launchStaging.minNhis = 1_000_000;
    const a = await m.launchCampaign(admin, plain, now);
    staging.launchStaging.minNhis = 1;
    const b = await m.launchCampaign(admin, staged, now);
    expect(a.items).toBe(11); // 12 NHIs, one platform-managed
    expect(b.items).toBe(a.items);
    expect(await itemsOf(staged)).toEqual(await itemsOf(plain));
    expect(await stagingTables()).toEqual([]);
  });

  it("drops its tables when the launch fails, and tables a dead launch left an hour ago", async () => {
    const { m, staging, db } = await mod();
    staging.launchStaging.minNhis = 1;
    const old = Math.floor(Date.now() / 1000) - 7_200;
    await db.$executeRawUnsafe(`CREATE UNLOGGED TABLE "steward_launch_${old}_deadbeef_0" (id text)`);
    // Only platform-managed NHIs in scope: the snapshots are staged, then the transaction refuses the launch.
    const none = await draft("nothing to review", { riskMin: 61 });
    await expect(m.launchCampaign(admin, none)).rejects.toThrow(/matches no NHIs/);
    expect(await stagingTables()).toEqual([]);
    const { db: d } = await mod();
    expect((await d.campaign.findUniqueOrThrow({ where: { id: none } })).status).toBe("DRAFT");
  });
});
