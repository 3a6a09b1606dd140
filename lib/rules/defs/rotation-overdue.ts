import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, ageDays, ageText } from "../sql";
import type { RuleContext, RuleDefinition } from "../types";

/**
 * Every credential the rotation rule judges, with the rotation policy that applies to it: one SELECT returning
 * "identityId", "id", "type", "name", "storage", "expiresAt", since, age (whole days), "maxAgeDays", policy.
 * Overdue = age > "maxAgeDays". The rule below and the posture snapshot (lib/posture/figures.ts) both read it, so
 * "compliant with its rotation policy" has one definition.
 *
 * Policy matching in SQL, the same as rotationMaxAgeDays() in lib/risk/score.ts: a policy matches when each of its
 * scope columns is null or equal to the NHI's; the lowest priority number wins; no match = the default age.
 * The policy table is tiny, so it is resolved once per (kind, environment, criticality) combination and
 * hash-joined, rather than looked up per credential.
 */
export function rotationAgedCredentials(ctx: Pick<RuleContext, "now" | "defaultMaxAgeDays">): Prisma.Sql {
  const since = Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`;
  return Prisma.sql`
    WITH combos AS (
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
    )
    SELECT c."identityId", c."id", c."type", c."name", c."storage", c."expiresAt", ${since} AS since,
      ${ageDays(since, ctx.now)} AS age, coalesce(p."maxAgeDays", ${ctx.defaultMaxAgeDays}::int) AS "maxAgeDays",
      p."name" AS policy
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    LEFT JOIN policy p ON p.kind = i."kind" AND p.env = i."environment" AND p.crit = i."criticality"
    WHERE ${LIVE} AND NOT i."platformManaged" AND ${LIVE_STATIC_CREDENTIAL}`;
}

export const rotationOverdue: RuleDefinition = {
  id: "credential-rotation-overdue",
  title: "Credential older than its rotation policy",
  severity: "HIGH",
  owasp: "NHI7",
  nist: ["PR.AA-01"],
  description:
    "An active, static credential has not been created or rotated within the maximum age of the rotation policy that applies to its NHI (kind, environment, criticality; 90 days when no policy matches). Just-in-time credentials and the cloud provider's own agents are excluded.",
  remediation:
    "Rotate the credential (create a new one, move the workload to it, then revoke the old one). Better, replace it with a short-lived credential: workload identity federation, OIDC from CI, or a vault-issued dynamic secret.",
  query: (ctx) => Prisma.sql`
    SELECT a."identityId", a."id" AS "subjectKey",
      jsonb_build_object('summary', 'Secret ' || ${ageText(Prisma.sql`a.age`)} || ' old',
        'credentialId', a."id", 'type', a."type", 'name', a."name", 'ageDays', a.age,
        'maxAgeDays', a."maxAgeDays", 'policy', coalesce(a.policy, 'default'), 'since', a.since) AS "evidence"
    FROM (${rotationAgedCredentials(ctx)}) a
    WHERE a.age > a."maxAgeDays"`,
};
