import "server-only";
// The snapshots of a large launch, built before its transaction on two connections at once (PostgreSQL only).
//
// Building what each reviewer is shown (every grant and credential of 100,000 NHIs aggregated into typed arrays) is
// most of a launch's time, and one statement runs on one core: PostgreSQL 15 cannot split array_agg across workers,
// and a statement that writes gets none. So the scope is cut in halves, each half's snapshots go into an unlogged
// table on its own pooled connection, and the launch transaction reads them instead of building them (snapSource).
// Snapshots are read-only views of committed data taken at `now`; routing, the status guard and every write stay in
// the one launch transaction, so a launch that fails still leaves nothing but these tables, which it drops.
import crypto from "node:crypto";
import { db, dbKind, Prisma } from "../db";
import { snapshotCtes, type SnapshotParams } from "./sql";

/** Prefix of the staging tables; the name carries its creation time (epoch seconds) so later launches can drop the
 * tables of a process that died mid-launch without touching those of a launch still running. */
const PREFIX = "steward_launch_";
/** Connections (and cores) used at once. */
const CONCURRENCY = 2;
/** Below `minNhis` NHIs one statement is fast enough: no staging (tests lower it to cover this path). */
export const launchStaging = { minNhis: 5_000 };
/** A launch's staging tables older than this belong to a dead process (a launch of 100,000 NHIs stages in seconds). */
const STALE_SECONDS = 3_600;

const STAGE_TX = { timeout: 30 * 60_000, maxWait: 60_000 } as const;

/** Whether a launch over `nhis` NHIs builds its snapshots on several connections first. */
export function stagesSnapshots(nhis: number): boolean {
  return dbKind() === "postgres" && nhis >= launchStaging.minNhis;
}

/**
 * Builds the snapshots of `ids` into unlogged tables, CONCURRENCY at a time, and returns their names (the caller
 * drops them with dropStagedSnapshots once its transaction ends). Each table has snapshotCtes' `snap` columns.
 */
export async function stageSnapshots(ids: readonly string[], p: SnapshotParams): Promise<string[]> {
  await dropStaleStaging();
  const run = `${PREFIX}${Math.floor(Date.now() / 1000)}_${crypto.randomUUID().replace(/-/g, "").slice(0, 8)}`;
  const size = Math.ceil(ids.length / CONCURRENCY);
  const chunks = Array.from({ length: CONCURRENCY }, (_, k) => ids.slice(k * size, (k + 1) * size)).filter((c) => c.length);
  const tables = chunks.map((_, k) => `${run}_${k}`);
  try {
    await Promise.all(chunks.map((chunk, k) => db.$transaction(async (t) => {
      // 256 MB per connection: the aggregation of a half's grants stays in memory (the default 4 MB spills to disk).
      await t.$executeRawUnsafe(`SET LOCAL work_mem = '256MB'`);
      await t.$executeRawUnsafe(`SET LOCAL jit = off`);
      await t.$executeRaw(Prisma.sql`CREATE UNLOGGED TABLE ${Prisma.raw(`"${tables[k]}"`)} AS
        WITH routed AS (SELECT unnest(${chunk as string[]}::text[]) AS "identityId"), ${snapshotCtes(p)}
        SELECT * FROM snap`);
    }, STAGE_TX)));
  } catch (err) {
    await dropStagedSnapshots(tables);
    throw err;
  }
  return tables;
}

/** CTEs `ids` and `snap` as snapshotCtes names them, read from staged tables (after `routed`). */
export function stagedSnapCtes(tables: readonly string[]): Prisma.Sql {
  const union = Prisma.join(tables.map((t) => Prisma.sql`SELECT * FROM ${Prisma.raw(`"${t}"`)}`), " UNION ALL ");
  return Prisma.sql`ids AS (SELECT DISTINCT "identityId" AS id FROM routed), snap AS (${union})`;
}

export async function dropStagedSnapshots(tables: readonly string[]): Promise<void> {
  for (const t of tables) await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${t}"`).catch(() => undefined);
}

/** Drops staging tables left by launches that died (older than STALE_SECONDS). */
export async function dropStaleStaging(): Promise<void> {
  const left = await db.$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables
    WHERE schemaname = current_schema() AND tablename LIKE ${`${PREFIX}%`}`;
  const cutoff = Math.floor(Date.now() / 1000) - STALE_SECONDS;
  const stale = left.map((r) => r.t).filter((t) => Number(t.slice(PREFIX.length).split("_")[0]) < cutoff);
  await dropStagedSnapshots(stale);
}
