// The posture figures, written once: one set-based SELECT over the estate (or over a subset of NHIs) returning one
// row per team x source x environment with every count of a PostureSnapshot NHI row. The daily snapshot inserts
// its rows; an owner's dashboard sums it live over their own NHIs. Definitions come from the rule engine's SQL
// (lib/rules/sql.ts, the rotation rule), so a figure and the finding behind it never disagree.
import { Prisma } from "../db";
import { credentialAgesSql } from "../rules/rotation";
import { LIVE, PRIVILEGED_CLASS, adminGrant, cutoff, orphanRisk, ts } from "../rules/sql";
import type { RuleContext } from "../rules/types";

/** An approved exception expiring within this many days counts as "expiring". */
export const EXCEPTION_EXPIRING_DAYS = 30;
/** Risk scores from this value up are the critical band (lib/identities/labels.ts riskBand). */
export const HIGH_RISK_SCORE = 75;

/** Columns of a PostureSnapshot NHI row, in the order postureFiguresSql returns them. */
export const FIGURE_COLUMNS = [
  "teamId", "sourceId", "environment", "identities", "identitiesByKind", "privileged", "orphans", "owned",
  "overPrivileged", "entitlementsGranted", "entitlementsUsed", "privilegedStanding", "privilegedTimeBound",
  "credentials", "credAgeUnder30", "credAge30To90", "credAge90To365", "credAgeOver365", "credNeverExpire",
  "credentialsCompliant", "credentialsVaulted", "findingsOpen", "findingsCritical", "findingsHigh", "findingsMedium",
  "findingsLow", "findingsInfo", "riskScoreSum", "highRisk", "exceptionsActive", "exceptionsExpiring",
  "campaignItems", "campaignItemsDecided",
] as const;

export type FigureContext = Pick<RuleContext, "now" | "unusedWindowDays" | "defaultMaxAgeDays">;

/**
 * @param scope optional predicate on `i` (the Identity row) restricting the NHIs counted, e.g. an owner's.
 */
export function postureFiguresSql(ctx: FigureContext, scope: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  const now = ts(ctx.now);
  const unusedBefore = cutoff(ctx.now, ctx.unusedWindowDays);
  const expiringBy = ts(new Date(ctx.now.getTime() + EXCEPTION_EXPIRING_DAYS * 86_400_000));
  const sev = (s: string) => Prisma.sql`count(*) FILTER (WHERE f."severity" = ${Prisma.raw(`'${s}'`)})::int`;
  const int0 = (expr: string) => Prisma.raw(`coalesce(${expr}, 0)::int`);
  return Prisma.sql`
    WITH ids AS MATERIALIZED (
      SELECT i."id", coalesce(i."teamId", '') AS t, i."sourceId" AS s, i."environment"::text AS e, i."kind",
        i."ownerId", i."platformManaged", i."riskScore", ${PRIVILEGED_CLASS} AS cls, ${orphanRisk("i", "ow")} AS orphan
      FROM "Identity" i
      LEFT JOIN "User" ow ON ow."id" = i."ownerId"
      WHERE ${LIVE} AND (${scope})
    ), ent AS (
      -- Per NHI. Unused = the unused-entitlements rule's test: not used within the window, and not granted within it.
      SELECT en."identityId",
        count(*) FILTER (WHERE coalesce(en."lastUsedAt", en."grantedAt", '-infinity'::timestamp) >= ${unusedBefore}) AS used,
        count(*) AS granted,
        count(*) FILTER (WHERE en."privilege" IN ('ADMIN', 'WRITE') AND en."expiresAt" IS NULL) AS standing,
        count(*) FILTER (WHERE en."privilege" IN ('ADMIN', 'WRITE') AND en."expiresAt" IS NOT NULL) AS timebound,
        bool_or(${adminGrant("en")}) AS admin
      FROM "Entitlement" en
      JOIN ids ON ids."id" = en."identityId"
      WHERE en."status" = 'ACTIVE'
      GROUP BY en."identityId"
    ), base AS (
      SELECT ids.t, ids.s, ids.e,
        count(*)::int AS identities,
        -- lib/rules/sql.ts PRIVILEGED: a privileged-access class or an active ADMIN grant.
        count(*) FILTER (WHERE ids.cls OR coalesce(ent.admin, false))::int AS privileged,
        count(*) FILTER (WHERE ids.orphan AND NOT ids."platformManaged")::int AS orphans,
        count(*) FILTER (WHERE NOT ids.orphan AND NOT ids."platformManaged")::int AS owned,
        count(*) FILTER (WHERE ent.granted > ent.used)::int AS "overPrivileged",
        ${int0("sum(ent.granted)")} AS "entitlementsGranted",
        ${int0("sum(ent.used)")} AS "entitlementsUsed",
        ${int0("sum(ent.standing)")} AS "privilegedStanding",
        ${int0("sum(ent.timebound)")} AS "privilegedTimeBound",
        coalesce(sum(ids."riskScore"), 0)::int AS "riskScoreSum",
        count(*) FILTER (WHERE ids."riskScore" >= ${HIGH_RISK_SCORE}::int)::int AS "highRisk"
      FROM ids
      LEFT JOIN ent ON ent."identityId" = ids."id"
      GROUP BY ids.t, ids.s, ids.e
    ), kinds AS (
      SELECT k.t, k.s, k.e, jsonb_object_agg(k."kind", k.n) AS "byKind"
      FROM (SELECT ids.t, ids.s, ids.e, ids."kind"::text AS "kind", count(*)::int AS n FROM ids GROUP BY 1, 2, 3, 4) k
      GROUP BY k.t, k.s, k.e
    ), cred AS (
      SELECT ids.t, ids.s, ids.e,
        count(*)::int AS credentials,
        count(*) FILTER (WHERE a.age < 30)::int AS u30,
        count(*) FILTER (WHERE a.age >= 30 AND a.age < 90)::int AS u90,
        count(*) FILTER (WHERE a.age >= 90 AND a.age <= 365)::int AS u365,
        count(*) FILTER (WHERE a.age > 365)::int AS o365,
        count(*) FILTER (WHERE a."expiresAt" IS NULL)::int AS never,
        count(*) FILTER (WHERE a.age <= a."maxAgeDays")::int AS compliant,
        count(*) FILTER (WHERE lower(a."storage") NOT IN ('unvaulted', 'unknown'))::int AS vaulted
      FROM (${credentialAgesSql(ctx)}) a
      JOIN ids ON ids."id" = a."identityId"
      GROUP BY ids.t, ids.s, ids.e
    ), fo AS (
      SELECT ids.t, ids.s, ids.e, f."owaspId", count(*)::int AS n,
        ${sev("CRITICAL")} AS critical, ${sev("HIGH")} AS high, ${sev("MEDIUM")} AS medium, ${sev("LOW")} AS low,
        ${sev("INFO")} AS info
      FROM "Finding" f
      JOIN ids ON ids."id" = f."identityId"
      WHERE f."status" = 'OPEN'
      GROUP BY ids.t, ids.s, ids.e, f."owaspId"
    ), fnd AS (
      SELECT t, s, e, jsonb_object_agg("owaspId", n) AS "byOwasp", sum(critical)::int AS critical, sum(high)::int AS high,
        sum(medium)::int AS medium, sum(low)::int AS low, sum(info)::int AS info
      FROM fo GROUP BY t, s, e
    ), exc AS (
      -- Approved and not yet expired; attributed to its NHI directly or through its finding.
      SELECT ids.t, ids.s, ids.e, count(*)::int AS active,
        count(*) FILTER (WHERE x."expiresAt" <= ${expiringBy})::int AS expiring
      FROM "RiskException" x
      LEFT JOIN "Finding" xf ON xf."id" = x."findingId"
      JOIN ids ON ids."id" = coalesce(x."identityId", xf."identityId")
      WHERE x."status" = 'APPROVED' AND x."expiresAt" > ${now}
      GROUP BY ids.t, ids.s, ids.e
    ), camp AS (
      SELECT ids.t, ids.s, ids.e, count(*)::int AS items, count(r."decidedAt")::int AS decided
      FROM "ReviewItem" r
      JOIN "Campaign" c ON c."id" = r."campaignId" AND c."status" = 'ACTIVE'
      JOIN ids ON ids."id" = r."identityId"
      GROUP BY ids.t, ids.s, ids.e
    )
    SELECT b.t AS "teamId", b.s AS "sourceId", b.e AS "environment", b.identities, k."byKind" AS "identitiesByKind",
      b.privileged, b.orphans, b.owned, b."overPrivileged", b."entitlementsGranted", b."entitlementsUsed",
      b."privilegedStanding", b."privilegedTimeBound",
      coalesce(c.credentials, 0) AS credentials, coalesce(c.u30, 0) AS "credAgeUnder30",
      coalesce(c.u90, 0) AS "credAge30To90", coalesce(c.u365, 0) AS "credAge90To365",
      coalesce(c.o365, 0) AS "credAgeOver365", coalesce(c.never, 0) AS "credNeverExpire",
      coalesce(c.compliant, 0) AS "credentialsCompliant", coalesce(c.vaulted, 0) AS "credentialsVaulted",
      coalesce(fd."byOwasp", '{}'::jsonb) AS "findingsOpen", coalesce(fd.critical, 0) AS "findingsCritical",
      coalesce(fd.high, 0) AS "findingsHigh", coalesce(fd.medium, 0) AS "findingsMedium",
      coalesce(fd.low, 0) AS "findingsLow", coalesce(fd.info, 0) AS "findingsInfo",
      b."riskScoreSum", b."highRisk",
      coalesce(x.active, 0) AS "exceptionsActive", coalesce(x.expiring, 0) AS "exceptionsExpiring",
      coalesce(cp.items, 0) AS "campaignItems", coalesce(cp.decided, 0) AS "campaignItemsDecided"
    FROM base b
    JOIN kinds k USING (t, s, e)
    LEFT JOIN cred c USING (t, s, e)
    LEFT JOIN fnd fd USING (t, s, e)
    LEFT JOIN exc x USING (t, s, e)
    LEFT JOIN camp cp USING (t, s, e)`;
}
