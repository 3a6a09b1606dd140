// The inventory's substring search relies on pg_trgm GIN indexes (migration inventory_text_search). PGlite must load
// the extension (lib/db/connection.ts PGLITE_EXTENSIONS) or the migration fails; on PostgreSQL it is a contrib module.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe(`trigram text search (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("has pg_trgm and a GIN trigram index on each searched column", async () => {
    const { db } = await import("./index");
    const ext = await db.$queryRaw<{ extname: string }[]>`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`;
    expect(ext).toHaveLength(1);
    const idx = await db.$queryRaw<{ indexname: string; indexdef: string }[]>`
      SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Identity' AND indexdef LIKE '%gin_trgm_ops%' ORDER BY indexname`;
    expect(idx.map((i) => i.indexname)).toEqual(["Identity_externalId_trgm_idx", "Identity_name_trgm_idx", "Identity_purpose_trgm_idx"]);
  });

  it("answers ILIKE '%term%' from the index when scans are ruled out", async () => {
    const { db } = await import("./index");
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const plan = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN SELECT id FROM "Identity" WHERE name ILIKE '%payroll%' OR "externalId" ILIKE '%payroll%' OR purpose ILIKE '%payroll%'`,
      );
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      for (const name of ["Identity_name_trgm_idx", "Identity_externalId_trgm_idx", "Identity_purpose_trgm_idx"]) expect(text).toContain(name);
    });
  });
});
