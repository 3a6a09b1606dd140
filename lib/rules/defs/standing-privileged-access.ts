import { Prisma } from "../../db";
import { liveIdentity, sample } from "../sql";
import type { RuleDefinition } from "../types";

export const standingPrivilegedAccess: RuleDefinition = {
  id: "standing-privileged-access",
  title: "Standing privileged access (not time-bound)",
  severity: "LOW",
  owasp: "NHI5",
  nist: ["PR.AA-05"],
  description:
    "The NHI holds active ADMIN or WRITE grants with no expiry (standing access) rather than just-in-time grants. One finding per NHI with the count.",
  remediation:
    "Move privileged and write access to just-in-time grants that expire (access request, PIM or a broker), or accept standing write access explicitly with an exception where the workload needs it continuously.",
  heavy: true,
  query: () => Prisma.sql`
    SELECT e."identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', 'Standing ' || CASE WHEN bool_or(e."privilege" = 'ADMIN') THEN 'admin' ELSE 'write' END || ' access (' || count(*) || CASE WHEN count(*) = 1 THEN ' grant)' ELSE ' grants)' END,
        'count', count(*), 'admin', count(*) FILTER (WHERE e."privilege" = 'ADMIN'),
        'grants', ${sample(Prisma.sql`jsonb_build_object('entitlementId', e."id", 'resource', e."resource", 'permission', e."permission", 'privilege', e."privilege")`, Prisma.sql`e."privilege", e."sensitivity", e."resource", e."id"`)}) AS "evidence"
    FROM "Entitlement" e
    WHERE ${liveIdentity(Prisma.sql`e."identityId"`)} AND e."status" = 'ACTIVE' AND e."privilege" IN ('ADMIN', 'WRITE') AND e."expiresAt" IS NULL
    GROUP BY e."identityId"`,
};
