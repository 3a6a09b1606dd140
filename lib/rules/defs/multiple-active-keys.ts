import { Prisma } from "../../db";
import { LIVE, LIVE_STATIC_CREDENTIAL, sample } from "../sql";
import type { RuleDefinition } from "../types";

// Counted per credential type: an Entra app with one client secret and one certificate is normal, two access keys
// on one AWS user usually mean a rotation that never finished or a key copied to a second workload.
export const multipleActiveKeys: RuleDefinition = {
  id: "multiple-active-keys",
  title: "More than one active key of a kind",
  severity: "MEDIUM",
  owasp: "NHI7",
  nist: ["PR.AA-01"],
  description:
    "The NHI has more than one active static key of the same type (access keys, service-account keys, client secrets, tokens or SSH keys). One finding per type.",
  remediation:
    "Find which workload uses each key (last-used data), move them all to one current key, and delete the others. Give a second workload its own NHI.",
  query: () => Prisma.sql`
    SELECT c."identityId", c."type"::text AS "subjectKey",
      jsonb_build_object('summary', count(*) || ' active ' || lower(replace(c."type"::text, '_', ' ')) || 's',
        'type', c."type", 'count', count(*),
        'credentialIds', ${sample(Prisma.sql`c."id"`, Prisma.sql`coalesce(c."lastRotatedAt", c."createdAt")`, 10)}) AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND NOT i."platformManaged" AND ${LIVE_STATIC_CREDENTIAL}
      AND c."type" IN ('ACCESS_KEY', 'SA_KEY', 'CLIENT_SECRET', 'TOKEN', 'SSH_KEY')
    GROUP BY c."identityId", c."type"
    HAVING count(*) > 1`,
};
