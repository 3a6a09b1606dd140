import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

export const unvaultedCredential: RuleDefinition = {
  id: "unvaulted-credential",
  title: "Credential stored outside a secrets manager",
  severity: "HIGH",
  owasp: "NHI2",
  nist: ["PR.DS-01", "PR.AA-01"],
  description: "An active credential was found in code, configuration or CI variables (storage \"unvaulted\") rather than in a vault or secrets manager.",
  remediation:
    "Treat it as exposed: rotate it, store the new one in the secrets manager, have the workload read it from there, and purge the old value from code, history and CI settings.",
  query: () => Prisma.sql`
    SELECT c."identityId", c."id" AS "subjectKey",
      jsonb_build_object('summary', 'Unvaulted secret', 'credentialId', c."id", 'type', c."type", 'name', c."name") AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND c."status" = 'ACTIVE' AND lower(c."storage") = 'unvaulted'`,
};
