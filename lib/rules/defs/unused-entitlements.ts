import { Prisma } from "../../db";
import { liveIdentity, cutoff, sample, unusedGrant } from "../sql";
import type { RuleDefinition } from "../types";

// Unused = not used within the window (Setting "rules.unusedWindowDays", default 90), as in lib/identities/rules.ts.
// A grant never used counts as unused unless it was granted within the window (a new grant gets its chance).
export const unusedEntitlements: RuleDefinition = {
  id: "unused-entitlements",
  title: "Entitlements unused for the review window",
  severity: "MEDIUM",
  owasp: "NHI5",
  nist: ["PR.AA-05", "DE.CM-03"],
  description:
    "The NHI holds active entitlements it has not used within the unused window (90 days by default). One finding per NHI with the count and examples.",
  remediation: "Remove the unused grants (or reduce them to what was used). If a grant is needed for a rare job, make it just-in-time.",
  heavy: true,
  query: (ctx) => Prisma.sql`
    SELECT e."identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', count(*) FILTER (WHERE u.unused) || ' of ' || count(*) || ' entitlements unused ' || ${ctx.unusedWindowDays}::int || '+ days',
        'unused', count(*) FILTER (WHERE u.unused), 'total', count(*), 'windowDays', ${ctx.unusedWindowDays}::int,
        'examples', ${sample(Prisma.sql`jsonb_build_object('entitlementId', e."id", 'resource', e."resource", 'permission', e."permission", 'lastUsedAt', e."lastUsedAt")`, Prisma.sql`e."privilege", e."resource", e."id"`, 5, Prisma.sql`u.unused`)}) AS "evidence"
    FROM "Entitlement" e
    CROSS JOIN LATERAL (SELECT ${unusedGrant(cutoff(ctx.now, ctx.unusedWindowDays))} AS unused) u
    WHERE ${liveIdentity(Prisma.sql`e."identityId"`)} AND e."status" = 'ACTIVE'
    GROUP BY e."identityId"
    HAVING count(*) FILTER (WHERE u.unused) > 0`,
};
