import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeIdentity, makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

// Keyset paging from remembered neighbours and the deep-OFFSET path must give exactly the pages plain OFFSET gives.
let t: TestDb;
let admin: Viewer;
const N = 130;

const mod = async () => ({
  q: await import("./queries"),
  s: await import("./schemas"),
  p: await import("./paging"),
  db: (await import("../db")).db,
});

beforeAll(async () => {
  t = await setupTestDb();
  admin = await makeUser("ADMIN");
  const src = await makeSource();
  // Few distinct risk scores and unused counts: many ties, so the id tie-breaker matters.
  for (let i = 0; i < N; i++) {
    await makeIdentity(src.id, {
      name: `svc-${String((i * 37) % N).padStart(3, "0")}`, riskScore: (i * 7) % 5 * 20, unusedEntitlements: i % 3, ownerId: i % 4 ? admin.id : null,
      // Nullable sort columns with ties and nulls: the reverse of their order must put the nulls back where they were.
      oldestCredentialAt: i % 3 ? new Date(Date.UTC(2026, 0, 1 + (i % 4))) : null,
    });
  }
  const { db } = await mod();
  await db.$executeRaw`UPDATE "Identity" SET "lastUsedAt" = make_timestamp(2026, 3, 1 + "unusedEntitlements", 0, 0, 0) WHERE "riskScore" >= 40`;
});

afterAll(async () => {
  await t?.cleanup();
});

async function reference(params: Record<string, string>) {
  const { q, s, p } = await mod();
  const { PAGING } = p;
  const saved = { ...PAGING };
  PAGING.deepOffset = 1e9;
  p.resetInventoryCaches();
  try {
    const pages: string[][] = [];
    for (let page = 1; page <= Math.ceil(N / 25); page++) {
      p.resetInventoryCaches();
      pages.push((await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...params, page: String(page), size: "25" }))).rows.map((r) => r.id));
    }
    return pages;
  } finally {
    Object.assign(PAGING, saved);
    p.resetInventoryCaches();
  }
}

describe("inventory paging", () => {
  for (const params of [{}, { dir: "asc" }, { sort: "name" }, { sort: "unused", dir: "asc" }, { owner: "none" }, { sort: "kind" }, { sort: "lastUsed" }] as Record<string, string>[]) {
    it(`next, previous and reload match OFFSET pages (${JSON.stringify(params)})`, async () => {
      const { q, s, p } = await mod();
      const expected = await reference(params);
      const get = async (page: number) =>
        (await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...params, page: String(page), size: "25" }))).rows.map((r) => r.id);
      const last = expected.length;
      for (let page = 1; page <= last; page++) expect(await get(page)).toEqual(expected[page - 1]);
      for (let page = last - 1; page >= 1; page--) expect(await get(page)).toEqual(expected[page - 1]);
      expect(await get(3)).toEqual(expected[2]);
      p.resetInventoryCaches();
    });
  }

  it("reads a cold deep page through the ids-only OFFSET path", async () => {
    const { q, s, p } = await mod();
    const expected = await reference({});
    p.PAGING.deepOffset = 10;
    try {
      p.resetInventoryCaches();
      const rows = (await q.listIdentities(admin, s.ZInventoryQuery.parse({ page: "4", size: "25" }))).rows.map((r) => r.id);
      expect(rows).toEqual(expected[3]);
    } finally {
      p.PAGING.deepOffset = 1000;
    }
  });

  for (const params of [{}, { dir: "asc" }, { sort: "lastUsed" }, { sort: "lastUsed", dir: "asc" }, { sort: "credentialAge" }, { sort: "credentialAge", dir: "asc" }, { sort: "kind" }, { owner: "none" }] as Record<string, string>[]) {
    it(`every cold deep page, read from the nearer end, is the OFFSET page (${JSON.stringify(params)})`, async () => {
      const { q, s, p } = await mod();
      const expected = await reference(params);
      p.PAGING.deepOffset = 10;
      try {
        // Page 2 is read from the start, the later ones from the end (the last one, partial, skips nothing).
        for (let page = 2; page <= expected.length + 1; page++) {
          p.resetInventoryCaches();
          const got = await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...params, page: String(page), size: "25" }));
          expect(got.rows.map((r) => r.id)).toEqual(expected[page - 1] ?? []);
          expect(got.total).toBe(expected.flat().length);
        }
        // With the total already counted (a first page of another size: no neighbour to seek from), a page in the
        // first half is read from the start without counting, one in the second half as above.
        p.PAGING.countCacheMin = 1;
        for (let page = 2; page <= expected.length + 1; page++) {
          p.resetInventoryCaches();
          await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...params, page: "1", size: "10" }));
          const got = await q.listIdentities(admin, s.ZInventoryQuery.parse({ ...params, page: String(page), size: "25" }));
          expect(got.rows.map((r) => r.id)).toEqual(expected[page - 1] ?? []);
          expect(got.total).toBe(expected.flat().length);
        }
      } finally {
        p.PAGING.deepOffset = 1000;
        p.PAGING.countCacheMin = 5000;
        p.resetInventoryCaches();
      }
    });
  }

  it("reverses a sort exactly: directions and named nulls places flip", async () => {
    const p = await import("../db/deep-page");
    expect(p.reverseOrderBy([{ riskScore: "desc" }, { id: "desc" }])).toEqual([{ riskScore: "asc" }, { id: "asc" }]);
    expect(p.reverseOrderBy([{ oldestCredentialAt: { sort: "asc", nulls: "last" } }, { id: "desc" }])).toEqual([{ oldestCredentialAt: { sort: "desc", nulls: "first" } }, { id: "asc" }]);
    expect(p.reverseOrderBy([{ lastUsedAt: { sort: "desc" } }])).toEqual([{ lastUsedAt: { sort: "asc" } }]);
  });

  it("caches large totals only, and the cache serves the next page", async () => {
    const { q, s, p, db } = await mod();
    p.resetInventoryCaches();
    p.PAGING.countCacheMin = 100;
    try {
      const first = await q.listIdentities(admin, s.ZInventoryQuery.parse({ size: "25" }));
      expect(first.total).toBe(N);
      const extra = await db.identity.create({ data: { sourceId: (await db.source.findFirstOrThrow()).id, externalId: "late", name: "late", kind: "BOT" } });
      // Within the cache's life the total is the remembered one; small results are always exact.
      expect((await q.listIdentities(admin, s.ZInventoryQuery.parse({ size: "25", page: "2" }))).total).toBe(N);
      expect((await q.listIdentities(admin, s.ZInventoryQuery.parse({ size: "25", q: "late" }))).total).toBe(1);
      await db.identity.delete({ where: { id: extra.id } });
    } finally {
      p.PAGING.countCacheMin = 5000;
      p.resetInventoryCaches();
    }
  });
});
