// SQL fragments shared by the rule queries. Every rule is one SELECT over the whole estate; these keep the
// common predicates (what counts as live, privileged, unused...) written once.
import { Prisma } from "../db";
import { daysAgo } from "../identities/rules";

/**
 * A timestamp parameter. Columns are `timestamp(3)` without time zone holding UTC; an ISO string with "Z" cast
 * to `timestamp` keeps its UTC wall time whatever the session time zone is (a bound Date might be shifted).
 */
export function ts(d: Date): Prisma.Sql {
  return Prisma.sql`${d.toISOString()}::timestamp(3)`;
}

/** The moment `days` days before `now`, as a timestamp parameter. */
export function cutoff(now: Date, days: number): Prisma.Sql {
  return ts(daysAgo(days, now));
}

/** Whole days between a timestamp expression and `now` (never negative). */
export function ageDays(expr: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`GREATEST(0, floor(EXTRACT(EPOCH FROM (${ts(now)} - ${expr})) / 86400))::int`;
}

/** "3.2 years" past a year, "214 days" below: the wording of risk reasons. */
export function ageText(days: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE WHEN ${days} >= 365 THEN to_char(${days} / 365.0, 'FM990.0') || ' years'
    ELSE ${days}::text || ' days' END)`;
}

/** NHIs that still exist at their source: a deleted one has nothing left to fix. Alias `i`. */
export const LIVE = Prisma.sql`i."status" <> 'DELETED_AT_SOURCE'`;

/**
 * The "privileged NHI" the product counts: one of the privileged-access classes (can change infrastructure, can
 * read sensitive data, can trigger deployments), or any active ADMIN grant. Alias `i`.
 */
export const PRIVILEGED = Prisma.sql`(i."isPrivileged" OR i."canChangeInfra" OR i."canReadSensitive" OR i."canTriggerDeploy"
  OR EXISTS (SELECT 1 FROM "Entitlement" pe WHERE pe."identityId" = i."id" AND pe."status" = 'ACTIVE' AND pe."privilege" = 'ADMIN'))`;

/** A credential that can be used now and is not issued just in time by the platform. Alias `c`. */
export const LIVE_STATIC_CREDENTIAL = Prisma.sql`c."status" = 'ACTIVE' AND NOT c."ephemeral"`;

/**
 * Third-party NHI: an OAuth app / installation, or an NHI tagged as a vendor's (tags "third-party" other than
 * "false", or a "vendor" tag). Alias `i`.
 */
export const THIRD_PARTY = Prisma.sql`(i."kind" = 'OAUTH_APP'
  OR (i."tags"->>'third-party' IS NOT NULL AND lower(i."tags"->>'third-party') NOT IN ('false', 'no', '0'))
  OR coalesce(i."tags"->>'vendor', '') <> '')`;

/**
 * The first `n` values of an aggregate (optionally only rows matching `filter`), as a jsonb array: keeps evidence
 * small on an NHI with thousands of grants. `distinct` drops repeats (then `expr` is also the sort key).
 */
export function sample(expr: Prisma.Sql, orderBy: Prisma.Sql | "distinct", n = 5, filter?: Prisma.Sql): Prisma.Sql {
  const where = filter ? Prisma.sql` FILTER (WHERE ${filter})` : Prisma.empty;
  const agg = orderBy === "distinct" ? Prisma.sql`array_agg(DISTINCT ${expr} ORDER BY ${expr})` : Prisma.sql`array_agg(${expr} ORDER BY ${orderBy})`;
  return Prisma.sql`coalesce(to_jsonb((${agg}${where})[1:${Prisma.raw(String(Math.trunc(n)))}]), '[]'::jsonb)`;
}

/**
 * CTEs `combos` and `policy`: the rotation policy that applies to each (kind, environment, criticality), the same
 * matching as rotationMaxAgeDays() in lib/risk/score.ts: a policy matches when each of its scope columns is null or
 * equal to the NHI's; the lowest priority number wins; no row = no policy (the caller applies the default age).
 * The policy table is tiny, so it is resolved once per combination and hash-joined, not looked up per credential.
 * Join: `LEFT JOIN policy p ON p.kind = i."kind" AND p.env = i."environment" AND p.crit = i."criticality"`.
 */
export const ROTATION_POLICY_CTES = Prisma.sql`combos AS (
      SELECT k.v AS kind, e.v AS env, r.v AS crit
      FROM unnest(enum_range(NULL::"IdentityKind")) k(v)
      CROSS JOIN unnest(enum_range(NULL::"Environment")) e(v)
      CROSS JOIN unnest(enum_range(NULL::"Criticality")) r(v)
    ), policy AS (
      SELECT DISTINCT ON (cb.kind, cb.env, cb.crit) cb.kind, cb.env, cb.crit, p."maxAgeDays", p."name"
      FROM combos cb
      JOIN "RotationPolicy" p ON (p."kind" IS NULL OR p."kind" = cb.kind)
        AND (p."environment" IS NULL OR p."environment" = cb.env)
        AND (p."criticality" IS NULL OR p."criticality" = cb.crit)
      ORDER BY cb.kind, cb.env, cb.crit, p."priority", p."createdAt", p."id"
    )`;

/**
 * An entitlement (alias `e`) unused for the window ending at `since`: not used since then. A grant never used
 * counts as unused unless it was granted within the window (a new grant gets its chance).
 */
export function unusedGrant(since: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(coalesce(e."lastUsedAt", e."grantedAt", '-infinity'::timestamp) < ${since})`;
}
