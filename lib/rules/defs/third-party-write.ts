import { Prisma } from "../../db";
import { LIVE, THIRD_PARTY, sample } from "../sql";
import type { RuleDefinition } from "../types";

export const thirdPartyWrite: RuleDefinition = {
  id: "third-party-broad-write",
  title: "Third-party app with write or admin access",
  severity: "HIGH",
  owasp: "NHI3",
  nist: ["GV.SC-07", "PR.AA-05"],
  description:
    "A third-party NHI (an OAuth app or installation, or an NHI tagged third-party / vendor) holds active WRITE or ADMIN grants. A breach at the vendor becomes write access to your systems.",
  remediation:
    "Reduce the vendor's grants to read-only or to the specific resources the integration needs; review the vendor's security posture; prefer per-resource installations over organisation-wide ones.",
  query: () => Prisma.sql`
    SELECT e."identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Third-party app with ' || CASE WHEN bool_or(e."privilege" = 'ADMIN') THEN 'admin' ELSE 'write' END || ' access',
        'count', count(*), 'vendor', i."tags"->>'vendor',
        'grants', ${sample(Prisma.sql`jsonb_build_object('entitlementId', e."id", 'resource', e."resource", 'permission', e."permission", 'privilege', e."privilege")`, Prisma.sql`e."privilege", e."resource", e."id"`)}) AS "evidence"
    FROM "Entitlement" e
    JOIN "Identity" i ON i."id" = e."identityId"
    WHERE ${LIVE} AND ${THIRD_PARTY} AND e."status" = 'ACTIVE' AND e."privilege" IN ('ADMIN', 'WRITE')
    GROUP BY e."identityId", i."tags"->>'vendor'`,
};
