// Identity.riskScore and riskReasons from OPEN findings, in one set-based UPDATE, so the inventory's risk sort (its
// default) reflects the findings. Called at the end of every rule run; also callable alone after something changes
// finding states outside a run (an exception approved, revoked or expired: lib/exceptions/coverage.ts).
//
// Score: each rule with at least one OPEN finding on the NHI adds its severity's weight once (three stale keys are
// one problem to fix, not three), the sum is scaled by the NHI's criticality (and halved-ish when it is disabled,
// since it cannot be used until re-enabled), rounded and capped at 100.
// Reasons: one short string per rule (the finding's evidence.summary, "+N more" when several), heaviest first.
import { Prisma, type Severity, type Tx } from "../db";
import { textSet } from "./sql";

export const SEVERITY_WEIGHT: Record<Severity, number> = { CRITICAL: 40, HIGH: 25, MEDIUM: 12, LOW: 5, INFO: 1 };
export const CRITICALITY_FACTOR = { CRITICAL: 1.25, HIGH: 1.1, MEDIUM: 1, LOW: 0.85 } as const;
export const DISABLED_FACTOR = 0.6;
export const MAX_REASONS = 8;

function caseOf(expr: Prisma.Sql, table: Record<string, number>): Prisma.Sql {
  const whens = Object.entries(table).map(([k, v]) => Prisma.sql`WHEN ${Prisma.raw(`'${k}'`)} THEN ${Prisma.raw(String(v))}`);
  return Prisma.sql`(CASE ${expr} ${Prisma.join(whens, " ")} ELSE 0 END)`;
}

/**
 * Recomputes the score and reasons of every NHI, or only of `identityIds` (after an exception changed a few NHIs'
 * findings); writes only rows whose value changes. Returns how many changed.
 */
export async function recomputeRiskScores(tx: Tx, identityIds?: readonly string[]): Promise<number> {
  if (identityIds && !identityIds.length) return 0;
  const rows = await tx.$queryRaw<Array<{ n: number }>>(riskScoreSql(identityIds));
  return rows[0]?.n ?? 0;
}

/** The statement behind recomputeRiskScores (exported for EXPLAIN in benchmarks). */
export function riskScoreSql(identityIds?: readonly string[]): Prisma.Sql {
  const onlyFindings = identityIds ? Prisma.sql` AND f."identityId" IN ${textSet(identityIds)}` : Prisma.empty;
  const onlyIdentities = identityIds ? Prisma.sql` WHERE i."id" IN ${textSet(identityIds)}` : Prisma.empty;
  const weight = caseOf(Prisma.sql`f."severity"::text`, SEVERITY_WEIGHT);
  const crit = caseOf(Prisma.sql`i."criticality"::text`, CRITICALITY_FACTOR);
  return Prisma.sql`
    WITH per_rule AS (
      -- One row per (NHI, rule): its weight, how many findings, and the summary of the worst (oldest) one.
      SELECT f."identityId", f."ruleId", max(${weight}) AS weight, count(*) AS n,
        (array_agg(coalesce(f."evidence"->>'summary', f."ruleId") ORDER BY
          CASE WHEN jsonb_typeof(f."evidence"->'ageDays') = 'number' THEN (f."evidence"->>'ageDays')::numeric END DESC NULLS LAST,
          f."firstSeenAt", f."id"))[1] AS summary
      FROM "Finding" f
      WHERE f."status" = 'OPEN'${onlyFindings}
      GROUP BY f."identityId", f."ruleId"
    ), agg AS (
      SELECT r."identityId", sum(r.weight) AS raw,
        to_jsonb((array_agg(CASE WHEN r.n > 1 THEN r.summary || ' (+' || (r.n - 1) || ' more)' ELSE r.summary END
          ORDER BY r.weight DESC, r."ruleId"))[1:${Prisma.raw(String(MAX_REASONS))}]) AS reasons
      FROM per_rule r
      GROUP BY r."identityId"
    ), target AS (
      SELECT i."id",
        LEAST(100, round(coalesce(a.raw, 0) * ${crit} * (CASE WHEN i."status" = 'DISABLED' THEN ${DISABLED_FACTOR}::numeric ELSE 1 END)))::int AS score,
        coalesce(a.reasons, '[]'::jsonb) AS reasons
      FROM "Identity" i
      LEFT JOIN agg a ON a."identityId" = i."id"${onlyIdentities}
    ), changed AS (
      UPDATE "Identity" i SET "riskScore" = t.score, "riskReasons" = t.reasons
      FROM target t
      WHERE t."id" = i."id" AND (i."riskScore" <> t.score OR i."riskReasons" IS DISTINCT FROM t.reasons)
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM changed`;
}
