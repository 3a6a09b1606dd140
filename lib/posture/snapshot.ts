// The daily posture snapshot: `npm run steward -- snapshot` and the daily job call writeDailySnapshot().
// Set-based: one INSERT .. SELECT of the figures (lib/posture/figures.ts) and one of the team totals, after deleting
// the day's rows, in one transaction under an advisory lock, so running it twice a day (or from two replicas at
// once) leaves exactly one set of rows for the day, the latest.
import { db, Prisma, type Tx } from "../db";
import { loadRuleContext } from "../rules/context";
import { refreshPlannerStats } from "../rules/engine";
import { FIGURE_COLUMNS, postureFiguresSql } from "./figures";
import { SUM_COLUMNS } from "./metrics";

const SNAPSHOT_LOCK = 727_003_011;

export interface SnapshotSummary {
  /** The UTC day written, YYYY-MM-DD. */
  day: string;
  /** PostureSnapshot rows written (NHI rows + team total rows). */
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

/** The additive NHI columns (every SUM_COLUMNS but humans). */
const NHI_SUMS = SUM_COLUMNS.filter((c) => c !== "humans");

/**
 * Team total rows (sourceId = '', environment = '') for the days from..to: the sums of the team's NHI rows, the
 * merged JSON breakdowns, and `humans` from the given SELECT of ("day", "teamId", humans). A team with people but
 * no NHIs (or the reverse) still gets its row. The dashboard reads these, 1 row per team per day, for anything not
 * filtered by source, so its cost stays flat however many sources and environments there are.
 */
export function teamTotalsSql(humans: Prisma.Sql, from: string, to: string): Prisma.Sql {
  const cols = quoted(NHI_SUMS);
  const sums = Prisma.raw(NHI_SUMS.map((c) => `sum("${c}")::int AS "${c}"`).join(", "));
  const pick = Prisma.raw(NHI_SUMS.map((c) => `coalesce(g."${c}", 0)`).join(", "));
  const json = (col: string) => Prisma.raw(`(SELECT coalesce(jsonb_object_agg(z.key, z.n), '{}'::jsonb) FROM (
      SELECT j.key, sum(j.value::int)::int AS n FROM "PostureSnapshot" p2, jsonb_each_text(p2."${col}") j
      WHERE p2."day" = k."day" AND p2."teamId" = k."teamId" AND p2."sourceId" <> '' GROUP BY j.key) z)`);
  return Prisma.sql`
    WITH g AS (
      SELECT "day", "teamId", ${sums} FROM "PostureSnapshot"
      WHERE "day" BETWEEN ${from}::date AND ${to}::date AND "sourceId" <> ''
      GROUP BY "day", "teamId"
    ), h AS (${humans}), k AS (
      SELECT "day", "teamId" FROM g UNION SELECT "day", "teamId" FROM h
    )
    INSERT INTO "PostureSnapshot" ("id", "day", "teamId", "sourceId", "environment", "humans", ${cols}, "identitiesByKind", "findingsOpen")
    SELECT gen_random_uuid()::text, k."day", k."teamId", '', '', coalesce(h.humans, 0), ${pick},
      ${json("identitiesByKind")}, ${json("findingsOpen")}
    FROM k LEFT JOIN g ON g."day" = k."day" AND g."teamId" = k."teamId"
    LEFT JOIN h ON h."day" = k."day" AND h."teamId" = k."teamId"`;
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
      const teamRows = await tx.$executeRaw(
        teamTotalsSql(
          Prisma.sql`SELECT ${day}::date AS "day", coalesce(u."teamId", '') AS "teamId", count(*)::int AS humans
            FROM "User" u WHERE u."active" GROUP BY coalesce(u."teamId", '')`,
          day,
          day,
        ),
      );
      const [{ n }] = await tx.$queryRaw<[{ n: number }]>`
        SELECT coalesce(sum("identities"), 0)::int AS n FROM "PostureSnapshot" WHERE "day" = ${day}::date AND "sourceId" <> ''`;
      return { rows: nhiRows + teamRows, identities: n };
    },
    { timeout: 30 * 60_000, maxWait: 120_000 },
  );
  return { day, ...result, ms: Math.round(performance.now() - t0) };
}
