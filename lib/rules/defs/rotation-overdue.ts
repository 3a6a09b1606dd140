import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, ROTATION_POLICY_CTES, ageDays, ageText } from "../sql";
import type { RuleDefinition } from "../types";

// Policy matching in SQL (ROTATION_POLICY_CTES), the same as rotationMaxAgeDays() in lib/risk/score.ts; no match =
// the default age.
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
  query: (ctx) => {
    const since = Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`;
    const age = ageDays(since, ctx.now);
    return Prisma.sql`
    WITH ${ROTATION_POLICY_CTES}, aged AS (
      SELECT c."identityId", c."id", c."type", c."name", c."storage", ${since} AS since, ${age} AS age,
        coalesce(p."maxAgeDays", ${ctx.defaultMaxAgeDays}::int) AS "maxAgeDays", p."name" AS policy
      FROM "Credential" c
      JOIN "Identity" i ON i."id" = c."identityId"
      LEFT JOIN policy p ON p.kind = i."kind" AND p.env = i."environment" AND p.crit = i."criticality"
      WHERE ${LIVE} AND NOT i."platformManaged" AND ${LIVE_STATIC_CREDENTIAL}
    )
    SELECT a."identityId", a."id" AS "subjectKey",
      jsonb_build_object('summary', 'Secret ' || ${ageText(Prisma.sql`a.age`)} || ' old',
        'credentialId', a."id", 'type', a."type", 'name', a."name", 'ageDays', a.age,
        'maxAgeDays', a."maxAgeDays", 'policy', coalesce(a.policy, 'default'), 'since', a.since) AS "evidence"
    FROM aged a
    WHERE a.age > a."maxAgeDays"`;
  },
};
