import { Prisma } from "../../db";
import { liveIdentity, sample } from "../sql";
import type { RuleDefinition } from "../types";

// Heuristic (documented on the rules page): each active grant's resource is classed
//   1. non-prod when its name has a token dev, develop(ment), test(ing), qa, uat, stg, stage, staging, sandbox, sbx,
//      nonprod / non-prod, preprod / pre-prod (tokens are delimited by anything but a letter or digit, so
//      "product-catalog" is not "prod" and "acme-staging-data" is staging);
//   2. else prod when it has a token prod, prd or production;
//   3. else by the environment of a known Source whose account it names: the 12-digit account of an AWS ARN
//      (Source key aws:<account>) or the project of a GCP resource name (Source key gcp:<project>);
//   4. else unknown (ignored).
// The NHI's own environment counts as one more side when known (PROD = prod, STAGING/DEV = non-prod). The rule
// fires when an NHI touches both sides.
const NONPROD_RE = "(^|[^a-z0-9])(non-?prod|pre-?prod|dev|develop|development|test|testing|qa|uat|stg|stage|staging|sandbox|sbx)([^a-z0-9]|$)";
const PROD_RE = "(^|[^a-z0-9])(prod|prd|production)([^a-z0-9]|$)";
// Account and project are cut out with string functions, not regular expressions: over half a million grants the
// regex version of these two joins took 25 s of a 30 s rule on PostgreSQL, split_part well under one.
const AWS_ACCOUNT = Prisma.sql`CASE WHEN r."resource" LIKE 'arn:aws%' THEN split_part(r."resource", ':', 5) END`;
const GCP_PROJECT = Prisma.sql`CASE WHEN r."resource" LIKE '%projects/%' THEN split_part(split_part(r."resource", 'projects/', 2), '/', 1) END`;

export const prodNonprodCrossover: RuleDefinition = {
  id: "prod-nonprod-crossover",
  title: "Same NHI used across production and non-production",
  severity: "HIGH",
  owasp: "NHI8",
  nist: ["PR.IR-01", "PR.AA-05"],
  description:
    "The NHI holds grants on both production and non-production resources, or it belongs to one environment and holds grants in the other. Environments are inferred from resource names (prod/staging/dev tokens) and from the account or project a resource lives in.",
  remediation:
    "Split it: one NHI per environment, each with grants only in its own environment, and credentials that are never copied between environments.",
  // The side depends on the resource alone: it is classed once per distinct resource (at 500,000 NHIs: 3.2 million
  // active grants on 39,000 resources), then joined back to the grants.
  heavy: true,
  query: () => Prisma.sql`
    WITH res AS MATERIALIZED (
      SELECT r."resource",
        CASE
          WHEN lower(r."resource") ~ ${NONPROD_RE} THEN 'nonprod'
          WHEN lower(r."resource") ~ ${PROD_RE} THEN 'prod'
          WHEN coalesce(sa."environment", sg."environment") = 'PROD' THEN 'prod'
          WHEN coalesce(sa."environment", sg."environment") IN ('STAGING', 'DEV') THEN 'nonprod'
        END AS side
      FROM (SELECT DISTINCT e."resource" FROM "Entitlement" e WHERE e."status" = 'ACTIVE') r
      LEFT JOIN "Source" sa ON sa."key" = 'aws:' || ${AWS_ACCOUNT}
      LEFT JOIN "Source" sg ON sg."key" = 'gcp:' || ${GCP_PROJECT}
    ), ent AS (
      SELECT e."identityId", e."resource", res.side
      FROM "Entitlement" e
      JOIN res ON res."resource" = e."resource" AND res.side IS NOT NULL
      WHERE ${liveIdentity(Prisma.sql`e."identityId"`)} AND e."status" = 'ACTIVE'
    ), sides AS (
      SELECT ent."identityId", bool_or(side = 'prod') AS prod, bool_or(side = 'nonprod') AS nonprod,
        ${sample(Prisma.sql`ent."resource"`, "distinct", 3, Prisma.sql`side = 'prod'`)} AS "prodResources",
        ${sample(Prisma.sql`ent."resource"`, "distinct", 3, Prisma.sql`side = 'nonprod'`)} AS "nonprodResources"
      FROM ent
      GROUP BY ent."identityId"
    )
    SELECT s."identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Used across prod and non-prod', 'environment', i."environment",
        'prodResources', s."prodResources", 'nonprodResources', s."nonprodResources") AS "evidence"
    FROM sides s
    JOIN "Identity" i ON i."id" = s."identityId"
    WHERE (s.prod OR i."environment" = 'PROD') AND (s.nonprod OR i."environment" IN ('STAGING', 'DEV'))`,
};
