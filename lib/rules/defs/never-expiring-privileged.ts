import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, PRIVILEGED } from "../sql";
import type { RuleDefinition } from "../types";

export const neverExpiringPrivileged: RuleDefinition = {
  id: "never-expiring-privileged",
  title: "Never-expiring credential on a privileged NHI",
  severity: "HIGH",
  owasp: "NHI7",
  nist: ["PR.AA-01", "PR.AA-05"],
  description:
    "A privileged NHI (can change infrastructure, read sensitive data or trigger deployments, or holds an admin grant) has an active static credential with no expiry date.",
  remediation:
    "Issue a replacement credential with an expiry (at most the rotation policy's maximum age) and revoke the old one, or move the workload to short-lived federated credentials.",
  query: () => Prisma.sql`
    SELECT c."identityId", c."id" AS "subjectKey",
      jsonb_build_object('summary', 'Never-expiring secret on privileged NHI', 'credentialId', c."id",
        'type', c."type", 'name', c."name", 'createdAt', c."createdAt") AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND NOT i."platformManaged" AND ${LIVE_STATIC_CREDENTIAL} AND c."expiresAt" IS NULL AND ${PRIVILEGED}`,
};
