import { Prisma } from "../../db";
import { LIVE, ageDays, cutoff } from "../sql";
import type { RuleDefinition } from "../types";

// A break-glass NHI is standing emergency super-privilege that nobody uses day to day, so nothing shows whether it
// still works or whether its sealed credential leaked. Regular tests are the control; mapped to NHI5.
export const breakGlassUntested: RuleDefinition = {
  id: "break-glass-untested",
  title: "Break-glass NHI not tested recently",
  severity: "MEDIUM",
  owasp: "NHI5",
  nist: ["ID.IM-02", "PR.AA-05"],
  description: "A break-glass (emergency access) NHI has not had its procedure tested within the last 90 days, or never.",
  remediation: "Run the break-glass drill: retrieve the sealed credential, sign in, check the alerting fired, then rotate and re-seal it. Record the test date.",
  query: (ctx) => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN i."breakGlassTestedAt" IS NULL THEN 'Break-glass never tested'
          ELSE 'Break-glass untested for ' || ${ageDays(Prisma.sql`i."breakGlassTestedAt"`, ctx.now)} || ' days' END,
        'breakGlassTestedAt', i."breakGlassTestedAt", 'maxDays', ${ctx.breakGlassTestDays}::int) AS "evidence"
    FROM "Identity" i
    WHERE ${LIVE} AND i."breakGlass"
      AND coalesce(i."breakGlassTestedAt", '-infinity'::timestamp) < ${cutoff(ctx.now, ctx.breakGlassTestDays)}`,
};
