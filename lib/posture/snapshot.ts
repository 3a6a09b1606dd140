// The daily posture snapshot: `npm run steward -- snapshot` and the daily job call writeDailySnapshot().
// Set-based: one INSERT .. SELECT of the figures (lib/posture/figures.ts) and one of the people rows, after deleting
// the day's rows, in one transaction under an advisory lock, so running it twice a day (or from two replicas at
// once) leaves exactly one set of rows for the day, the latest.
import { db, Prisma, type Tx } from "../db";
import { loadRuleContext } from "../rules/context";
import { refreshPlannerStats } from "../rules/engine";
import { FIGURE_COLUMNS, postureFiguresSql } from "./figures";

const SNAPSHOT_LOCK = 727_003_011;

export interface SnapshotSummary {
  /** The UTC day written, YYYY-MM-DD. */
  day: string;
  /** PostureSnapshot rows written (NHI rows + people rows). */
  rows: number;
  identities: number;
  ms: number;
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * PostgreSQL's JIT compiles these one-off aggregate queries for longer than they run (measured: 14 s of JIT for a
 * 3 s statement); off for this transaction. A no-op setting on PGlite.
 */
export async function noJit(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe("SET LOCAL jit = off");
}

const quoted = (cols: readonly string[]) => Prisma.raw(cols.map((c) => `"${c}"`).join(", "));

/**
 * Writes (or rewrites) the snapshot of the UTC day of `now` from the estate as it is now. Snapshots cannot be
 * computed for past days: the estate keeps no history; the demo seed back-fills one (lib/posture/backfill.ts).
 */
export async function writeDailySnapshot(opts: { now?: Date; unusedWindowDays?: number } = {}): Promise<SnapshotSummary> {
  const t0 = performance.now();
  const ctx = await loadRuleContext({ now: opts.now, unusedWindowDays: opts.unusedWindowDays });
  await refreshPlannerStats();
  const day = utcDay(ctx.now);
  const cols = quoted(FIGURE_COLUMNS);
  const result = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SNAPSHOT_LOCK})`);
      await noJit(tx);
      await tx.$executeRaw`DELETE FROM "PostureSnapshot" WHERE "day" = ${day}::date`;
      const nhiRows = await tx.$executeRaw`
        INSERT INTO "PostureSnapshot" ("id", "day", ${cols})
        SELECT gen_random_uuid()::text, ${day}::date, ${cols} FROM (${postureFiguresSql(ctx)}) f`;
      const peopleRows = await tx.$executeRaw`
        INSERT INTO "PostureSnapshot" ("id", "day", "teamId", "sourceId", "environment", "humans")
        SELECT gen_random_uuid()::text, ${day}::date, coalesce(u."teamId", ''), '', '', count(*)::int
        FROM "User" u WHERE u."active" GROUP BY coalesce(u."teamId", '')`;
      const [{ n }] = await tx.$queryRaw<[{ n: number }]>`
        SELECT coalesce(sum("identities"), 0)::int AS n FROM "PostureSnapshot" WHERE "day" = ${day}::date`;
      return { rows: nhiRows + peopleRows, identities: n };
    },
    { timeout: 30 * 60_000, maxWait: 120_000 },
  );
  return { day, ...result, ms: Math.round(performance.now() - t0) };
}
