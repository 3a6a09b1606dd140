import { Prisma } from "../../db";
import { liveIdentity, sample } from "../sql";
import type { RuleDefinition } from "../types";

/** Active grants that are admin or wildcard. Alias `e`. */
export const ADMIN_OR_WILDCARD = Prisma.sql`e."status" = 'ACTIVE' AND (e."privilege" = 'ADMIN' OR e."permission" IN ('*', '*:*'))`;

export const adminWildcard: RuleDefinition = {
  id: "admin-wildcard-privilege",
  title: "Admin or wildcard privilege",
  severity: "HIGH",
  owasp: "NHI5",
  nist: ["PR.AA-05"],
  description: "The NHI holds an active grant classified ADMIN, or a wildcard permission (\"*\" or \"*:*\"). One finding per NHI listing the grants.",
  remediation:
    "Replace the admin or wildcard grant with the specific actions and resources the workload uses (last-used data and access-analyzer tools help). Where admin is truly needed, make it just-in-time with an expiry.",
  query: () => Prisma.sql`
    SELECT e."identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN bool_or(e."permission" IN ('*', '*:*')) THEN 'Wildcard permission' ELSE 'Admin access' END,
        'count', count(*),
        'grants', ${sample(Prisma.sql`jsonb_build_object('entitlementId', e."id", 'resource', e."resource", 'permission', e."permission", 'privilege', e."privilege")`, Prisma.sql`e."sensitivity", e."resource", e."id"`)}) AS "evidence"
    FROM "Entitlement" e
    WHERE ${liveIdentity(Prisma.sql`e."identityId"`)} AND ${ADMIN_OR_WILDCARD}
    GROUP BY e."identityId"`,
};
