import { Prisma } from "../../db";
import { LIVE, ageDays, cutoff } from "../sql";
import type { RuleDefinition } from "../types";

// Last activity = last use, else creation at the source; with neither known the NHI counts as unused, the same
// convention as isUnused() in lib/identities/rules.ts (no evidence of use is not evidence of need).
export const unusedNhi: RuleDefinition = {
  id: "unused-nhi-enabled",
  title: "NHI unused for the review window but still enabled",
  severity: "MEDIUM",
  owasp: "NHI1",
  nist: ["ID.AM-08", "DE.CM-03"],
  description:
    "The NHI is active at its source but has not been used within the unused window (90 days by default), or has never been used.",
  remediation:
    "Confirm with the owner that nothing depends on it, disable it, and delete it (with its credentials and grants) after a grace period with no complaints.",
  query: (ctx) => {
    const last = Prisma.sql`coalesce(i."lastUsedAt", i."createdAtSource")`;
    return Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN i."lastUsedAt" IS NULL THEN 'Never used, still enabled'
          ELSE 'Unused for ' || ${ageDays(Prisma.sql`i."lastUsedAt"`, ctx.now)} || ' days, still enabled' END,
        'lastUsedAt', i."lastUsedAt", 'createdAtSource', i."createdAtSource", 'windowDays', ${ctx.unusedWindowDays}::int) AS "evidence"
    FROM "Identity" i
    WHERE i."status" = 'ACTIVE' AND ${LIVE} AND NOT i."platformManaged"
      AND coalesce(${last}, '-infinity'::timestamp) < ${cutoff(ctx.now, ctx.unusedWindowDays)}`;
  },
};
