// Rotation-policy compliance, written once: which policy applies to a credential and how old the credential is.
// The rotation rule, the policy preview and the posture snapshots all select from credentialAgesSql().
//
// A policy matches an NHI when each of its scope columns (kind, environment, criticality) is null or equal to the
// NHI's; the lowest priority number wins (then the oldest); no match = the default max age. The policy table is
// tiny, so it is resolved once per (kind, environment, criticality) combination and hash-joined, not per credential.
import { Prisma } from "../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, ageDays } from "./sql";

/**
 * The policies in force: the table itself, or (for a preview) a relation with the same columns "name", "kind",
 * "environment", "criticality", "maxAgeDays", "priority", "createdAt", "id".
 */
export const POLICY_TABLE = Prisma.sql`"RotationPolicy"`;

/**
 * CTEs `combos` and `policy`: the policy in force for each (kind, environment, criticality), with columns kind, env,
 * crit, "maxAgeDays", "name", "id". Join: `LEFT JOIN policy p ON p.kind = i."kind" AND p.env = i."environment"
 * AND p.crit = i."criticality"`; no row = no policy (the caller applies the default age).
 */
export function rotationPolicyCtes(policies: Prisma.Sql = POLICY_TABLE): Prisma.Sql {
  return Prisma.sql`combos AS (
      SELECT k.v AS kind, e.v AS env, r.v AS crit
      FROM unnest(enum_range(NULL::"IdentityKind")) k(v)
      CROSS JOIN unnest(enum_range(NULL::"Environment")) e(v)
      CROSS JOIN unnest(enum_range(NULL::"Criticality")) r(v)
    ), policy AS (
      SELECT DISTINCT ON (cb.kind, cb.env, cb.crit) cb.kind, cb.env, cb.crit, p."maxAgeDays", p."name", p."id"
      FROM combos cb
      JOIN ${policies} p ON (p."kind" IS NULL OR p."kind" = cb.kind)
        AND (p."environment" IS NULL OR p."environment" = cb.env)
        AND (p."criticality" IS NULL OR p."criticality" = cb.crit)
      ORDER BY cb.kind, cb.env, cb.crit, p."priority", p."createdAt", p."id"
    )`;
}

/**
 * One row per active static credential of a live NHI that is not the platform's own agent, with columns
 * "identityId", "id", "type", "name", "storage", "expiresAt", since, age (days), "maxAgeDays", policy (name or null), "policyId".
 * Overdue = age > "maxAgeDays".
 */
export function credentialAgesSql(opts: { now: Date; defaultMaxAgeDays: number; policies?: Prisma.Sql }): Prisma.Sql {
  const since = Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`;
  return Prisma.sql`
    WITH ${rotationPolicyCtes(opts.policies)}
    SELECT c."identityId", c."id", c."type", c."name", c."storage", c."expiresAt", ${since} AS since, ${ageDays(since, opts.now)} AS age,
      coalesce(p."maxAgeDays", ${opts.defaultMaxAgeDays}::int) AS "maxAgeDays", p."name" AS policy, p."id" AS "policyId"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    LEFT JOIN policy p ON p.kind = i."kind" AND p.env = i."environment" AND p.crit = i."criticality"
    WHERE ${LIVE} AND NOT i."platformManaged" AND ${LIVE_STATIC_CREDENTIAL}`;
}
