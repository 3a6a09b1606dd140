// The findings page deep in the list (lib/db/deep-page.ts): every page, read cold from the nearer end or with the
// total already counted, is exactly the page plain OFFSET gives, for each sort.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeIdentity, makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
const N = 137;
const mod = async () => ({ q: await import("./queries"), s: await import("./schemas"), p: await import("../identities/paging") });

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await import("../db");
  admin = await makeUser("ADMIN");
  const src = await makeSource();
  const a = (await makeIdentity(src.id)).id;
  const b = (await makeIdentity(src.id)).id;
  const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
  const rules = [["orphaned-nhi", "NHI1"], ["admin-wildcard-privilege", "NHI5"], ["unused-nhi-enabled", "NHI7"]] as const;
  // Few distinct severities, rules and first-seen days: many ties, so the id tie-breaker decides.
  await db.finding.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      identityId: i % 2 ? a : b, ruleId: rules[i % 3][0], owaspId: rules[i % 3][1], severity: severities[(i * 7) % 4],
      subjectKey: `k${i}`, evidence: { summary: `f${i}` }, firstSeenAt: new Date(Date.UTC(2026, 5, 1 + (i % 5))),
    })),
  });
});
afterAll(async () => t?.cleanup());

describe(`findings deep pages (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  for (const params of [{}, { dir: "desc" }, { sort: "firstSeen" }, { sort: "firstSeen", dir: "desc" }, { sort: "rule" }, { owasp: "NHI5" }] as Record<string, string>[]) {
    it(`every page, cold or with the total counted, is the OFFSET page (${JSON.stringify(params)})`, async () => {
      const { q, s, p } = await mod();
      const saved = { ...p.PAGING };
      const read = async (page: number) => (await q.listFindings(admin, s.ZFindingQuery.parse({ ...params, page: String(page), size: "25" }))).rows.map((r) => r.id);
      try {
        p.PAGING.deepOffset = 1e9;
        const total = (await q.listFindings(admin, s.ZFindingQuery.parse({ ...params, size: "25" }))).total;
        const pages = Math.ceil(total / 25);
        const expected: string[][] = [];
        for (let page = 1; page <= pages; page++) expected.push(await read(page));
        expect(expected.flat()).toHaveLength(total);
        expect(new Set(expected.flat()).size).toBe(total);

        p.PAGING.deepOffset = 5;
        q.resetFindingsCaches();
        // Cold: the totals cache is empty (countCacheMin above the total), so every deep page counts in its snapshot.
        for (let page = 2; page <= pages + 1; page++) expect(await read(page)).toEqual(expected[page - 1] ?? []);
        // Counted: the totals are cached, so pages in the first half skip from the start without counting.
        p.PAGING.countCacheMin = 1;
        await q.listFindings(admin, s.ZFindingQuery.parse({ ...params, size: "25" }));
        for (let page = 2; page <= pages + 1; page++) expect(await read(page)).toEqual(expected[page - 1] ?? []);
      } finally {
        Object.assign(p.PAGING, saved);
        q.resetFindingsCaches();
      }
    });
  }
});
