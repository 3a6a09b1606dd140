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
 * LIVE for a rule over grants or credentials that needs nothing else of the NHI: `column` (an identity id) is not
 * one of the NHIs deleted at their source. A hashed lookup in the few deleted ones instead of joining every row to
 * its NHI (at 500,000 NHIs that join was 3.2 million index probes, a third of the rule's time).
 */
export function liveIdentity(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${column} NOT IN (SELECT d."id" FROM "Identity" d WHERE d."status" = 'DELETED_AT_SOURCE')`;
}

/**
 * The "privileged NHI" the product counts: one of the privileged-access classes (can change infrastructure, can
 * read sensitive data, can trigger deployments), or any active ADMIN grant. Alias `i`.
 */
export const PRIVILEGED = Prisma.sql`(i."isPrivileged" OR i."canChangeInfra" OR i."canReadSensitive" OR i."canTriggerDeploy"
  OR EXISTS (SELECT 1 FROM "Entitlement" pe WHERE pe."identityId" = i."id" AND pe."status" = 'ACTIVE' AND pe."privilege" = 'ADMIN'))`;

/**
 * PRIVILEGED in two halves, for queries that aggregate entitlements per NHI anyway (the posture snapshot): the
 * privileged-access classes of `i`, and the test of one entitlement row (alias `alias`) being an active ADMIN grant.
 * PRIVILEGED = PRIVILEGED_CLASS OR EXISTS (an entitlement of the NHI passing ADMIN_GRANT).
 */
export const PRIVILEGED_CLASS = Prisma.sql`(i."isPrivileged" OR i."canChangeInfra" OR i."canReadSensitive" OR i."canTriggerDeploy")`;
export function adminGrant(alias: string): Prisma.Sql {
  return Prisma.raw(`(${alias}."status" = 'ACTIVE' AND ${alias}."privilege" = 'ADMIN')`);
}

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
 * A set of text values as one bind parameter, for `x IN ${textSet(ids)}`: any number of ids (a bind-parameter list
 * would hit PostgreSQL's 65,535-parameter limit on a large bulk change).
 */
export function textSet(values: readonly string[]): Prisma.Sql {
  return Prisma.sql`(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

/**
 * An entitlement (alias `e`) unused for the window ending at `since`: not used since then. A grant never used
 * counts as unused unless it was granted within the window (a new grant gets its chance).
 */
export function unusedGrant(since: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(coalesce(e."lastUsedAt", e."grantedAt", '-infinity'::timestamp) < ${since})`;
}

/**
 * Orphan risk (rule orphaned-nhi and the orphans KPI): no owner, or an owner who has left while the NHI waits for a
 * new owner to accept it (a pending ownership transfer, lib/ownership): nobody accountable until they do.
 * `i`: an Identity alias; `o`: its owner's User row (LEFT JOIN).
 */
export function orphanRisk(i: string, o: string): Prisma.Sql {
  const [ir, or] = [Prisma.raw(i), Prisma.raw(o)];
  return Prisma.sql`(${ir}."ownerId" IS NULL OR (${or}."active" = false AND EXISTS (SELECT 1 FROM "OwnershipTransfer" ot
    WHERE ot."identityId" = ${ir}."id" AND ot."status" IN ('PENDING', 'ESCALATED'))))`;
}
