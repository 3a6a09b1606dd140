import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

export const sharedNhi: RuleDefinition = {
  id: "shared-nhi",
  title: "NHI reused by several workloads",
  severity: "MEDIUM",
  owasp: "NHI9",
  nist: ["PR.AA-01", "PR.AA-05"],
  description: "The NHI is marked as shared: one identity used by several workloads or pipelines, so its access is the union of their needs and a leak exposes all of them.",
  remediation: "Give each workload or pipeline its own NHI with only the access it needs, then remove the shared one.",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Shared by several workloads', 'shared', true) AS "evidence"
    FROM "Identity" i
    WHERE ${LIVE} AND i."shared"`,
};
