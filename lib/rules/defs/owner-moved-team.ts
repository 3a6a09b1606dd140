import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

// The "mover" case of joiner-mover-leaver: the owner is still employed but now belongs to another team than the
// NHI's owning team, so the NHI is owned by someone who no longer runs the workload.
export const ownerMovedTeam: RuleDefinition = {
  id: "owner-moved-team",
  title: "Owner has moved to another team",
  severity: "LOW",
  owasp: "NHI1",
  nist: ["GV.RR-02", "PR.AA-01"],
  description: "The owner's account is active but belongs to a different team than the NHI's owning team.",
  remediation: "Hand the NHI to someone on the owning team (or move the NHI to the owner's new team if the workload moved with them).",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Owner moved to another team', 'ownerId', o."id", 'ownerEmail', o."email",
        'ownerTeamId', o."teamId", 'ownerTeam', ot."name", 'identityTeamId', i."teamId", 'identityTeam', it."name") AS "evidence"
    FROM "Identity" i
    JOIN "User" o ON o."id" = i."ownerId"
    LEFT JOIN "Team" ot ON ot."id" = o."teamId"
    LEFT JOIN "Team" it ON it."id" = i."teamId"
    WHERE ${LIVE} AND NOT i."platformManaged" AND o."active" AND i."teamId" IS NOT NULL AND o."teamId" IS NOT NULL
      AND o."teamId" <> i."teamId"`,
};
