// The one place that turns risk exceptions into finding states. A finding is EXCEPTED exactly when it is not
// RESOLVED and an APPROVED exception that has not yet expired covers it:
//   - scope FINDINGS: the exception lists it in RiskExceptionFinding;
//   - scope RULE: it is a finding of the exception's rule on the exception's NHI (including later ones).
// Everything else that is EXCEPTED goes back to OPEN. RESOLVED findings are never touched here: the rule engine
// resolves a finding whose cause is gone whether or not it was excepted, and reopens it (then this applies again)
// when the cause comes back.
//
// Called by the rule engine after each run (whole estate) and by approve / revoke / expire (their NHIs only), each
// inside its own transaction; two set-based UPDATEs in one statement, no per-finding loop.
import { Prisma, type Tx } from "../db";
import { textSet, ts } from "../rules/sql";
import { recomputeRiskScores } from "../rules/risk";

export interface CoverageChange {
  /** OPEN findings that became EXCEPTED. */
  excepted: number;
  /** EXCEPTED findings that went back to OPEN. */
  reopened: number;
  /** NHIs whose findings changed (their risk score needs recomputing). */
  identityIds: string[];
}

/** Applies exception coverage to findings, over the whole estate or only the given NHIs. */
export async function applyExceptionCoverage(tx: Tx, opts: { now: Date; identityIds?: readonly string[] }): Promise<CoverageChange> {
  const { now, identityIds } = opts;
  if (identityIds && !identityIds.length) return { excepted: 0, reopened: 0, identityIds: [] };
  const onlyExceptions = identityIds ? Prisma.sql` AND e."identityId" IN ${textSet(identityIds)}` : Prisma.empty;
  const onlyFindings = identityIds ? Prisma.sql` AND f."identityId" IN ${textSet(identityIds)}` : Prisma.empty;
  const [row] = await tx.$queryRaw<Array<{ excepted: number; reopened: number; identityIds: string[] | null }>>`
    WITH active AS (
      SELECT e."id", e."identityId", e."ruleId", e."scope" FROM "RiskException" e
      WHERE e."status" = 'APPROVED' AND e."expiresAt" > ${ts(now)}${onlyExceptions}
    ), covered AS (
      SELECT ef."findingId" AS "id" FROM active a JOIN "RiskExceptionFinding" ef ON ef."exceptionId" = a."id"
      WHERE a."scope" = 'FINDINGS'
      UNION
      SELECT f."id" FROM active a JOIN "Finding" f ON f."identityId" = a."identityId" AND f."ruleId" = a."ruleId"
      WHERE a."scope" = 'RULE'
    ), excepted AS (
      UPDATE "Finding" f SET "status" = 'EXCEPTED'
      FROM covered c
      WHERE f."id" = c."id" AND f."status" = 'OPEN'
      RETURNING f."identityId"
    ), reopened AS (
      UPDATE "Finding" f SET "status" = 'OPEN'
      WHERE f."status" = 'EXCEPTED'${onlyFindings} AND NOT EXISTS (SELECT 1 FROM covered c WHERE c."id" = f."id")
      RETURNING f."identityId"
    )
    SELECT (SELECT count(*) FROM excepted)::int AS excepted, (SELECT count(*) FROM reopened)::int AS reopened,
      (SELECT array_agg(DISTINCT x."identityId") FROM (SELECT "identityId" FROM excepted UNION SELECT "identityId" FROM reopened) x) AS "identityIds"`;
  return { excepted: row?.excepted ?? 0, reopened: row?.reopened ?? 0, identityIds: row?.identityIds ?? [] };
}

/**
 * After exceptions of these NHIs changed state: apply coverage to their findings and recompute the risk score of
 * those whose findings changed. Returns the coverage change.
 */
export async function reapplyCoverage(tx: Tx, identityIds: readonly string[], now: Date): Promise<CoverageChange> {
  const change = await applyExceptionCoverage(tx, { now, identityIds: [...new Set(identityIds)] });
  await recomputeRiskScores(tx, { ids: change.identityIds });
  return change;
}
