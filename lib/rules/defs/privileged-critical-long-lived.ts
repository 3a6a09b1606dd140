import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, PRIVILEGED } from "../sql";
import type { RuleDefinition } from "../types";

// The toxic combination: one leaked secret away from the crown jewels. A credential is long-lived when it is static
// (not issued just in time) and valid for more than 90 days (the default rotation window) from its creation, or never expires.
export const privilegedCriticalLongLived: RuleDefinition = {
  id: "privileged-critical-long-lived-secret",
  title: "Privileged NHI reaching a critical resource with a long-lived secret",
  severity: "CRITICAL",
  owasp: "NHI5",
  nist: ["PR.AA-05", "PR.AA-01"],
  description:
    "A privileged NHI (can change infrastructure, read sensitive data or trigger deployments, or holds an admin grant) has active access to a CRITICAL resource (production database, payment service, identity provider, cloud control plane) and authenticates with a long-lived static secret: whoever steals the secret gets that access.",
  remediation:
    "Remove the long-lived secret first: move the workload to short-lived federated credentials (workload identity, OIDC from CI, vault-issued dynamic secrets). Until then, narrow the grant on the critical resource to what is used, restrict where the secret may be used from (IP or network conditions) and monitor its use.",
  query: () => Prisma.sql`
    WITH critical AS (
      SELECT e."identityId", count(*)::int AS grants, min(e."resource") AS resource
      FROM "Entitlement" e WHERE e."status" = 'ACTIVE' AND e."sensitivity" = 'CRITICAL'
      GROUP BY e."identityId"
    ), secrets AS (
      SELECT c."identityId", count(*)::int AS n, min(c."createdAt") AS oldest
      FROM "Credential" c
      WHERE ${LIVE_STATIC_CREDENTIAL} AND (c."expiresAt" IS NULL OR c."expiresAt" > c."createdAt" + interval '90 days')
      GROUP BY c."identityId"
    )
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Long-lived secret reaches ' || cr.resource || CASE WHEN cr.grants > 1 THEN ' (+' || (cr.grants - 1) || ' more critical)' ELSE '' END,
        'criticalGrants', cr.grants, 'resource', cr.resource, 'longLivedSecrets', s.n, 'oldestSecretAt', s.oldest) AS "evidence"
    FROM "Identity" i
    JOIN critical cr ON cr."identityId" = i."id"
    JOIN secrets s ON s."identityId" = i."id"
    WHERE ${LIVE} AND NOT i."platformManaged" AND ${PRIVILEGED}`,
};
