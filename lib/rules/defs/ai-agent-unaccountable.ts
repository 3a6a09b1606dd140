import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

// An AI agent acts on some human's authority (onBehalfOfUserId); without one, or when that person has left,
// nobody answers for what the agent does. Mapped to NHI1: the same offboarding gap as an orphaned NHI.
export const aiAgentUnaccountable: RuleDefinition = {
  id: "ai-agent-no-accountable-human",
  title: "AI agent with no accountable human",
  severity: "HIGH",
  owasp: "NHI1",
  nist: ["GV.RR-02", "PR.AA-01"],
  description:
    "An AI agent has no human on whose behalf it acts (onBehalfOfUserId empty), or that person's account is deactivated.",
  remediation:
    "Record the human whose authority the agent exercises and the scopes they delegated. Disable the agent until someone accountable is named.",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN i."onBehalfOfUserId" IS NULL THEN 'AI agent with no accountable human' ELSE 'AI agent''s human has left' END,
        'onBehalfOfUserId', i."onBehalfOfUserId", 'onBehalfOfEmail', u."email", 'delegatedScopes', to_jsonb(i."delegatedScopes")) AS "evidence"
    FROM "Identity" i
    LEFT JOIN "User" u ON u."id" = i."onBehalfOfUserId"
    WHERE ${LIVE} AND i."kind" = 'AI_AGENT' AND (i."onBehalfOfUserId" IS NULL OR u."active" = false)`,
};
