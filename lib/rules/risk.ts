// The one risk score of Steward: Identity.riskScore (0-100) and the riskReasons that explain it, computed from OPEN
// findings and the NHI's context in one set-based UPDATE. The rule engine calls it at the end of every run; anything
// that changes finding states outside a run (an exception approved, revoked or expired: lib/exceptions/coverage.ts) calls it too. The inventory's
// default sort, the dashboard's top-10 and the detail page's breakdown all read what it writes.
//
// How the score is made (weights below; the detail page shows each term):
//   points   each rule with at least one OPEN finding on the NHI adds its severity's weight ONCE (three stale keys
//            are one problem to fix, not three), plus an age term when the finding's evidence says how old the
//            secret or the idleness is (+5 past a year, +10 past two);
//   factors  the sum is multiplied by the NHI's context: privilege (it can change infrastructure, read sensitive
//            data or trigger deployments), environment (production up, dev down), business criticality, exposure
//            (it holds a long-lived static secret that can leak), and damped when it cannot be used as is
//            (disabled, deleted at source) or is the cloud provider's own agent;
//   score    100 x (1 - e^(-(points x factors) / 80)), rounded: weighted points are scaled to 0-100 so the
//            worst NHIs keep an order instead of piling up at 100 (a plain cap put a quarter of the demo estate there).
//            One HIGH finding on a neutral NHI scores 27, two 46, four 71; it takes many bad facts to pass 90.
// Reasons are stored as [{ points, text, ruleId }] heaviest first, then [{ factor, text }], so the breakdown reads
// "+25 Secret 3.2 years old", "+5 older than a year", "x1.15 production".
import { Prisma, type Severity, type Tx } from "../db";
import { textSet } from "./sql";

export const SEVERITY_WEIGHT: Record<Severity, number> = { CRITICAL: 40, HIGH: 25, MEDIUM: 12, LOW: 5, INFO: 1 };
/** Extra points for a finding whose evidence.ageDays is at least the key (the oldest threshold met counts). */
export const AGE_POINTS: ReadonlyArray<readonly [days: number, points: number]> = [
  [730, 10],
  [365, 5],
];
export const PRIVILEGED_FACTOR = 1.2;
export const ENVIRONMENT_FACTOR = { PROD: 1.15, STAGING: 1, DEV: 0.8, UNKNOWN: 1 } as const;
export const CRITICALITY_FACTOR = { CRITICAL: 1.25, HIGH: 1.1, MEDIUM: 1, LOW: 0.85 } as const;
export const EXPOSURE_FACTOR = 1.1;
export const STATUS_FACTOR = { ACTIVE: 1, DISABLED: 0.6, DELETED_AT_SOURCE: 0.3 } as const;
export const PLATFORM_MANAGED_FACTOR = 0.7;
export const MAX_POINT_REASONS = 8;
/** The scale of the 0-100 squash: weighted points equal to it score 63. */
export const SCORE_SCALE = 80;

/** The score of weighted points (points x factors): the one formula, also used by the detail page's breakdown. */
export function scoreOf(weighted: number): number {
  return Math.max(0, Math.min(100, Math.round(100 * (1 - Math.exp(-weighted / SCORE_SCALE)))));
}

export type RiskReason = { points: number; text: string; ruleId: string } | { factor: number; text: string };

/** "+25 Secret 3.2 years old" / "x1.15 production": the one way a reason is written. */
export function formatRiskReason(r: unknown): string {
  if (typeof r === "string") return r;
  if (r && typeof r === "object" && "text" in r) {
    const o = r as { points?: number; factor?: number; text: string };
    if (typeof o.points === "number") return `+${o.points} ${o.text}`;
    if (typeof o.factor === "number") return `×${o.factor} ${o.text}`;
    return o.text;
  }
  return "";
}

/** The stored reasons of an NHI as typed values, whatever old rows hold. */
export function parseRiskReasons(value: unknown): RiskReason[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is RiskReason => !!r && typeof r === "object" && "text" in r);
}

function caseOf(expr: Prisma.Sql, table: Record<string, number>): Prisma.Sql {
  const whens = Object.entries(table).map(([k, v]) => Prisma.sql`WHEN ${Prisma.raw(`'${k}'`)} THEN ${Prisma.raw(String(v))}`);
  return Prisma.sql`(CASE ${expr} ${Prisma.join(whens, " ")} ELSE 1 END)`;
}

/** One multiplier: its value when `when` holds (else 1) and its reason. */
function factor(when: Prisma.Sql, value: Prisma.Sql, text: Prisma.Sql) {
  return {
    value: Prisma.sql`(CASE WHEN ${when} THEN ${value} ELSE 1 END)::numeric`,
    reason: Prisma.sql`CASE WHEN ${when} AND ${value} <> 1 THEN jsonb_build_object('factor', ${value}, 'text', ${text}) END`,
  };
}

/** Which NHIs to rescore: all, the given ids, or the rule run's dirty set (see RESCORE_TABLE). */
export type RescoreScope = { all: true } | { ids: readonly string[] } | { dirty: true };

/**
 * The temporary table (id) of NHIs whose findings a rule run changed. With { dirty: true } the NHIs rescored are
 * those, plus every NHI whose score inputs outside the findings (RISK_INPUTS_KEY) differ from the ones stored with its
 * score: an edit, an import or a revoked secret since the last run. At 500,000 NHIs a full recompute aggregated 2
 * million open findings every run (20 s) to change a few hundred scores.
 */
export const RESCORE_TABLE = "steward_rescore";

/**
 * Recomputes the score and reasons of the NHIs in scope (default: every NHI); writes only rows whose value changes.
 * Returns how many changed.
 */
export async function recomputeRiskScores(tx: Tx, scope: RescoreScope = { all: true }): Promise<number> {
  if ("ids" in scope && !scope.ids.length) return 0;
  const rows = await tx.$queryRaw<Array<{ n: number }>>(riskScoreSql(scope));
  return rows[0]?.n ?? 0;
}

/** Everything the score reads besides the findings, as one comparable text (aliases: `i` the NHI, `s` its secrets row). */
const RISK_INPUTS_KEY = Prisma.sql`concat_ws('|', i."isPrivileged", i."environment", i."criticality", i."status", i."platformManaged", s."identityId" IS NOT NULL)`;

/** The statement behind recomputeRiskScores (exported for EXPLAIN in benchmarks). */
export function riskScoreSql(scope: RescoreScope = { all: true }): Prisma.Sql {
  const inScope =
    "ids" in scope ? textSet(scope.ids)
    : "dirty" in scope ? Prisma.sql`(SELECT id FROM ${Prisma.raw(RESCORE_TABLE)} UNION ALL
        SELECT i."id" FROM "Identity" i LEFT JOIN secrets s ON s."identityId" = i."id"
        WHERE i."riskInputs" IS DISTINCT FROM ${RISK_INPUTS_KEY})`
    : null;
  const scopeCte = inScope ? Prisma.sql`, scope AS MATERIALIZED (SELECT DISTINCT x AS id FROM ${inScope} AS t(x))` : Prisma.empty;
  const onlyFindings = inScope ? Prisma.sql` AND f."identityId" IN (SELECT id FROM scope)` : Prisma.empty;
  const onlyIdentities = inScope ? Prisma.sql` WHERE i."id" IN (SELECT id FROM scope)` : Prisma.empty;
  const weight = caseOf(Prisma.sql`f."severity"::text`, SEVERITY_WEIGHT);
  const ageDays = Prisma.sql`(CASE WHEN jsonb_typeof(f."evidence"->'ageDays') = 'number' THEN (f."evidence"->>'ageDays')::numeric END)`;
  const agePoints = Prisma.sql`(CASE ${Prisma.join(
    AGE_POINTS.map(([d, p]) => Prisma.sql`WHEN ${ageDays} >= ${Prisma.raw(String(d))} THEN ${Prisma.raw(String(p))}`),
    " ",
  )} ELSE 0 END)`;
  const factors = [
    factor(Prisma.sql`i."isPrivileged"`, Prisma.raw(String(PRIVILEGED_FACTOR)), Prisma.sql`'privileged NHI'`),
    factor(Prisma.sql`true`, caseOf(Prisma.sql`i."environment"::text`, ENVIRONMENT_FACTOR), Prisma.sql`CASE i."environment" WHEN 'PROD' THEN 'production' ELSE 'dev environment' END`),
    factor(Prisma.sql`true`, caseOf(Prisma.sql`i."criticality"::text`, CRITICALITY_FACTOR), Prisma.sql`lower(i."criticality"::text) || '-criticality system'`),
    factor(Prisma.sql`s."identityId" IS NOT NULL`, Prisma.raw(String(EXPOSURE_FACTOR)), Prisma.sql`'holds a long-lived secret'`),
    factor(Prisma.sql`true`, caseOf(Prisma.sql`i."status"::text`, STATUS_FACTOR), Prisma.sql`CASE i."status" WHEN 'DISABLED' THEN 'disabled' ELSE 'deleted at source' END`),
    factor(Prisma.sql`i."platformManaged"`, Prisma.raw(String(PLATFORM_MANAGED_FACTOR)), Prisma.sql`'platform-managed agent'`),
  ];
  const product = Prisma.join(factors.map((f) => f.value), " * ");
  const factorReasons = Prisma.join(factors.map((f) => f.reason), ", ");
  return Prisma.sql`
    WITH secrets AS MATERIALIZED (
      -- Exposure: NHIs holding an active long-lived (not just-in-time) credential.
      SELECT DISTINCT c."identityId" FROM "Credential" c WHERE c."status" = 'ACTIVE' AND NOT c."ephemeral"
    )${scopeCte}, per_rule AS (
      -- One row per (NHI, rule): severity weight + age points, how many findings, the summary of the oldest one.
      SELECT f."identityId", f."ruleId", max(${weight}) + max(${agePoints}) AS points, count(*) AS n,
        (array_agg(coalesce(f."evidence"->>'summary', f."ruleId") ORDER BY ${ageDays} DESC NULLS LAST, f."firstSeenAt", f."id"))[1] AS summary
      FROM "Finding" f
      WHERE f."status" = 'OPEN'${onlyFindings}
      GROUP BY f."identityId", f."ruleId"
    ), agg AS (
      SELECT r."identityId", sum(r.points) AS raw,
        to_jsonb((array_agg(jsonb_build_object('points', r.points, 'ruleId', r."ruleId",
          'text', CASE WHEN r.n > 1 THEN r.summary || ' (+' || (r.n - 1) || ' more)' ELSE r.summary END)
          ORDER BY r.points DESC, r."ruleId"))[1:${Prisma.raw(String(MAX_POINT_REASONS))}]) AS reasons
      FROM per_rule r
      GROUP BY r."identityId"
    ), target AS (
      SELECT i."id",
        CASE WHEN a.raw IS NULL THEN 0
          ELSE LEAST(100, GREATEST(0, round(100 * (1 - exp(-(a.raw * ${product}) / ${Prisma.raw(String(SCORE_SCALE))}.0)))))::int END AS score,
        CASE WHEN a.raw IS NULL THEN '[]'::jsonb
          ELSE a.reasons || coalesce((SELECT jsonb_agg(x) FROM unnest(ARRAY[${factorReasons}]) x WHERE x IS NOT NULL), '[]'::jsonb)
        END AS reasons,
        ${RISK_INPUTS_KEY} AS inputs
      FROM "Identity" i
      LEFT JOIN agg a ON a."identityId" = i."id"
      LEFT JOIN secrets s ON s."identityId" = i."id"${onlyIdentities}
    ), changed AS (
      UPDATE "Identity" i SET "riskScore" = t.score, "riskReasons" = t.reasons, "riskInputs" = t.inputs
      FROM target t
      WHERE t."id" = i."id" AND (i."riskScore" <> t.score OR i."riskReasons" IS DISTINCT FROM t.reasons OR i."riskInputs" IS DISTINCT FROM t.inputs)
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM changed`;
}
