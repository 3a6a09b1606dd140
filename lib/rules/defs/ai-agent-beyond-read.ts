import { Prisma } from "../../db";
import { LIVE, sample } from "../sql";
import type { RuleDefinition } from "../types";

// Only the agent's own machine entitlements count here; delegatedScopes are what a human authorised and are
// governed with that human.
export const aiAgentBeyondRead: RuleDefinition = {
  id: "ai-agent-beyond-read-only",
  title: "AI agent with privilege beyond read-only",
  severity: "MEDIUM",
  owasp: "NHI5",
  nist: ["PR.AA-05"],
  description: "An AI agent's own entitlements include WRITE or ADMIN grants, so a prompt injection or a wrong step can change data or systems.",
  remediation:
    "Keep the agent read-only and route writes through a tool that asks a human to approve, or through the accountable human's delegated, time-bound scopes.",
  query: () => Prisma.sql`
    SELECT e."identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'AI agent can ' || CASE WHEN bool_or(e."privilege" = 'ADMIN') THEN 'administer' ELSE 'write' END,
        'count', count(*),
        'grants', ${sample(Prisma.sql`jsonb_build_object('entitlementId', e."id", 'resource', e."resource", 'permission', e."permission", 'privilege', e."privilege")`, Prisma.sql`e."privilege", e."resource", e."id"`)}) AS "evidence"
    FROM "Entitlement" e
    JOIN "Identity" i ON i."id" = e."identityId"
    WHERE ${LIVE} AND i."kind" = 'AI_AGENT' AND e."status" = 'ACTIVE' AND e."privilege" IN ('ADMIN', 'WRITE')
    GROUP BY e."identityId"`,
};
