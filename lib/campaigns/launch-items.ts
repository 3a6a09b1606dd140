import "server-only";
// The review items of a launch, built before they are inserted: who reviews each NHI (routedCte) and what they are
// shown (snapshotCtes), one row per item in a table the launch's INSERT reads (launchItemsCtes).
//
// Building the snapshots (every grant and credential of 100,000 NHIs aggregated into typed arrays) is most of a
// large launch's time, and one statement runs on one core: PostgreSQL 15 cannot split array_agg across workers, and
// a statement that writes gets none. So on PostgreSQL a large scope is cut in two, each part built into an unlogged
// table on its own pooled connection while the launch transaction inserts what is ready (stageLaunchItems);
// elsewhere the items are built inside the transaction (buildLaunchItems). The staged rows are read-only views of committed data taken at `now`; the
// status guard and every write stay in the one launch transaction, which refuses the launch if the draft changed
// meanwhile, so a launch that fails still leaves nothing but these tables, which it drops.
import crypto from "node:crypto";
import { db, dbKind, Prisma, type Tx } from "../db";
import { env } from "../env";
import { routedCte, snapshotCtes, type SnapshotParams } from "./sql";

/** Who reviews when the owner cannot: the campaign's settings routedCte needs. */
export interface LaunchRouting {
  fallbackReviewerId: string | null;
  backupReviewerId: string | null;
}

/** Prefix of the staging tables; the name carries its creation time (epoch seconds) so later launches can drop the
 * tables of a process that died mid-launch without touching those of a launch still running. */
const PREFIX = "steward_launch_";
/**
 * The staged tables, one connection each (the launch's transaction holds one more), as shares of the scope. The
 * first is the smaller: the transaction inserts it while the second is still being built, and the second is built
 * by the time the first is in (warm launches at 500,000 NHIs: halves 9.0-10.0 s, 35/65 8.4-9.2 s in five of six,
 * 40/60 10-12 s; each part also pays a pass over the NHIs and their grants, about a second whatever its size).
 */
const STAGE_SHARES = [0.35, 0.65];
/** A launch's staging tables older than this belong to a dead process (a launch of 100,000 NHIs stages in seconds). */
const STALE_SECONDS = 3_600;
/** The in-transaction table of the items (buildLaunchItems). */
const ITEMS_TABLE = "launch_items";
/** Below `minNhis` NHIs one statement is fast enough: no staging (tests lower it to cover this path). */
export const launchStaging = { minNhis: 5_000 };

const STAGE_TX = { timeout: 30 * 60_000, maxWait: 60_000 } as const;

/** Whether a launch over `nhis` NHIs builds its items on several connections first. */
export function stagesLaunchItems(nhis: number): boolean {
  // The launch's transaction waits for the staging connections: the pool must hold them all.
  return dbKind() === "postgres" && nhis >= launchStaging.minNhis && env().STEWARD_DB_POOL > STAGE_SHARES.length;
}

/**
 * CREATE `create` AS the items of the NHIs in `ids`. Their Identity rows are first copied into a temporary table with
 * statistics, so the query is planned for its real size: hash joins over 50,000 NHIs that hash the scope's side, index
 * lookups over ten. Given an array parameter or a CTE, the planner guesses 200 rows and chose 50,000 index lookups,
 * or hashed all 3 million grants, two to three times slower (EXPLAIN ANALYZE at 500,000 NHIs).
 */
async function createItemsTable(tx: Tx, create: Prisma.Sql, ids: readonly string[], r: LaunchRouting, p: SnapshotParams): Promise<void> {
  await tx.$executeRaw(Prisma.sql`CREATE TEMP TABLE launch_ids ON COMMIT DROP AS SELECT DISTINCT unnest(${ids as string[]}::text[]) AS id`);
  await tx.$executeRawUnsafe(`ANALYZE launch_ids`);
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE launch_nhis ON COMMIT DROP AS SELECT i.* FROM "Identity" i WHERE i."id" IN (SELECT id FROM launch_ids)`);
  await tx.$executeRawUnsafe(`ANALYZE launch_nhis (id)`);
  const scope = { ids: Prisma.sql`SELECT id FROM launch_ids`, identities: "launch_nhis" };
  await tx.$executeRaw(Prisma.sql`${create} AS
    WITH ${routedCte({ ...scope, ...r })}, ${snapshotCtes(p, scope)}
    SELECT r."identityId", r.part, r."reviewerId", r."routedBy", r."teamId", s.identity, s.entitlements, s.credentials, s.exceptions
    FROM routed r JOIN snap s ON s."id" = r."identityId"
    ORDER BY r."identityId", r.part`);
  await tx.$executeRawUnsafe(`DROP TABLE launch_ids, launch_nhis`);
}

/** Settings for a launch's transactions: the aggregation of 50,000 NHIs' grants stays in memory (the default 4 MB
 * spills to disk), JIT compilation costs more than it saves here (about 250 ms per statement), and lz4 compresses
 * the arrays faster than pglz. */
export async function tuneLaunchSession(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '256MB'`);
  if (dbKind() !== "postgres") return;
  await tx.$executeRawUnsafe(`SET LOCAL jit = off`);
  await tx.$executeRawUnsafe(`SET LOCAL default_toast_compression = 'lz4'`);
}

/** A table of items and when it is ready to be read. */
export interface ItemsTable {
  name: string;
  ready: Promise<void>;
}

/** Items being built on other connections (stageLaunchItems). */
export interface StagedItems {
  tables: ItemsTable[];
  /** Settles when every table is built or has failed. */
  settled: Promise<void>;
}

/** Builds the items inside the launch transaction (PGlite, small scopes): one temporary table, dropped at commit. */
export async function buildLaunchItems(tx: Tx, ids: readonly string[], r: LaunchRouting, p: SnapshotParams): Promise<ItemsTable[]> {
  await createItemsTable(tx, Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(ITEMS_TABLE)} ON COMMIT DROP`, ids, r, p);
  return [{ name: ITEMS_TABLE, ready: Promise.resolve() }];
}

/**
 * Starts building the items of `ids` into unlogged tables, one per connection, and returns them at once; the caller
 * inserts each as it becomes ready (the first while the other is still being built) and drops them with
 * dropStagedItems.
 */
export function stageLaunchItems(ids: readonly string[], r: LaunchRouting, p: SnapshotParams): StagedItems {
  const run = `${PREFIX}${Math.floor(Date.now() / 1000)}_${crypto.randomUUID().replace(/-/g, "").slice(0, 8)}`;
  // Sorted, and each table in NHI order, the launch's INSERT reads the items in NHI order: its index entries and the
  // foreign-key lookups of the NHIs then go page after page rather than all over the indexes.
  const chunks = splitByShares([...ids].sort(), STAGE_SHARES);
  const stale = dropStaleStaging();
  const tables = chunks.map((chunk, k) => {
    const name = `${run}_${k}`;
    const ready = stale.then(() => db.$transaction(async (t) => {
      await tuneLaunchSession(t);
      await createItemsTable(t, Prisma.sql`CREATE UNLOGGED TABLE ${Prisma.raw(`"${name}"`)}`, chunk, r, p);
    }, STAGE_TX));
    ready.catch(() => undefined); // awaited by the launch; this only keeps a failure from being "unhandled" meanwhile
    return { name, ready };
  });
  return { tables, settled: Promise.allSettled(tables.map((t) => t.ready)).then(() => undefined) };
}

/** `sorted` cut into consecutive runs of about `shares` of its length each (empty runs dropped). */
export function splitByShares<T>(sorted: readonly T[], shares: readonly number[]): T[][] {
  let start = 0;
  let share = 0;
  return shares
    .map((s, k) => {
      share += s;
      const end = k === shares.length - 1 ? sorted.length : Math.round(share * sorted.length);
      const run = sorted.slice(start, end);
      start = end;
      return run;
    })
    .filter((run) => run.length);
}

/**
 * CTEs over one table of built items: `routed` (one row per item, with its snapshot columns), and `ids` and `snap`
 * as snapshotCtes names them (for deltaCtes).
 */
export function launchItemsCtes(table: string): Prisma.Sql {
  // NOT MATERIALIZED: read straight into the INSERT, not first copied into a tuplestore because two CTEs name it.
  return Prisma.sql`routed AS NOT MATERIALIZED (SELECT * FROM ${Prisma.raw(`"${table}"`)}),
    ids AS (SELECT DISTINCT "identityId" AS id FROM routed),
    snap AS (SELECT "identityId" AS id, identity, entitlements, credentials, exceptions FROM routed WHERE part = 'ACCESS')`;
}

/** Drops the staged tables once every one of them is built or has failed. */
export async function dropStagedItems(staged: StagedItems): Promise<void> {
  await staged.settled;
  await dropTables(staged.tables.map((t) => t.name));
}

async function dropTables(names: readonly string[]): Promise<void> {
  for (const t of names) await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${t}"`).catch(() => undefined);
}

/** Drops staging tables left by launches that died (older than STALE_SECONDS). */
async function dropStaleStaging(): Promise<void> {
  const left = await db.$queryRaw<{ t: string }[]>`SELECT tablename AS t FROM pg_tables
    WHERE schemaname = current_schema() AND tablename LIKE ${`${PREFIX}%`}`;
  const cutoff = Math.floor(Date.now() / 1000) - STALE_SECONDS;
  const stale = left.map((r) => r.t).filter((t) => Number(t.slice(PREFIX.length).split("_")[0]) < cutoff);
  await dropTables(stale);
}
