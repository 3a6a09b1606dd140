import { Prisma } from "../../db";
import { ageText } from "../sql";
import { credentialAgesSql } from "../rotation";
import type { RuleDefinition } from "../types";

// Which policy applies and how old the credential is: lib/rules/rotation.ts (shared with the policy preview).
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
    FROM (${credentialAgesSql(ctx)}) a
    WHERE a.age > a."maxAgeDays"`,
};
