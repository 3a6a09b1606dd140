import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL } from "../sql";
import type { RuleDefinition } from "../types";

// Storage names that mean "a CI system's variables". Matched case-insensitively on Credential.storage.
const CI_STORAGE = ["github-actions-secrets", "gitlab-ci-variables", "circleci-contexts", "jenkins-credentials", "azure-devops-variables", "bitbucket-pipelines-variables"];

export const staticKeyInCi: RuleDefinition = {
  id: "static-cloud-key-in-ci",
  title: "Static cloud key stored in CI",
  severity: "MEDIUM",
  owasp: "NHI6",
  nist: ["PR.AA-01", "PR.PS-01"],
  description:
    "A long-lived cloud key (access key, service-account key or client secret) lives in a CI system's secrets, where OIDC federation could issue short-lived credentials per job instead.",
  remediation: "Configure the CI provider's OIDC federation with the cloud (a role trusted for this repository and branch), switch the pipeline to it, and delete the static key.",
  query: () => Prisma.sql`
    SELECT c."identityId", c."id" AS "subjectKey",
      jsonb_build_object('summary', 'Static cloud key in CI', 'credentialId', c."id", 'type', c."type", 'name', c."name",
        'storage', c."storage") AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND ${LIVE_STATIC_CREDENTIAL} AND c."type" IN ('ACCESS_KEY', 'SA_KEY', 'CLIENT_SECRET')
      AND lower(c."storage") IN (${Prisma.join(CI_STORAGE)})`,
};
