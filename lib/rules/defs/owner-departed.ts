import { Prisma } from "../../db";
import { LIVE, orphanRisk } from "../sql";
import type { RuleDefinition } from "../types";

// The owner's account is deactivated (they left the team or the company) but an active backup owner remains, so
// the NHI is not yet an orphan; ownership must still move. Without a backup the NHI is an orphan (orphaned-nhi).
export const ownerDeparted: RuleDefinition = {
  id: "owner-departed",
  title: "Owner has left; only the backup owner remains",
  severity: "MEDIUM",
  owasp: "NHI1",
  nist: ["GV.RR-02", "PR.AA-01"],
  description: "The owner's account is deactivated. An active backup owner remains, but nobody is the primary owner.",
  remediation:
    "Make the backup owner (or someone on the owning team) the owner and name a new backup. Review the NHI's entitlements and rotate the credentials the departed owner could read.",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object('summary', 'Owner left', 'ownerId', i."ownerId", 'ownerEmail', o."email",
        'backupOwnerId', i."backupOwnerId", 'backupOwnerEmail', b."email") AS "evidence"
    FROM "Identity" i
    JOIN "User" o ON o."id" = i."ownerId"
    JOIN "User" b ON b."id" = i."backupOwnerId"
    WHERE ${LIVE} AND NOT i."platformManaged" AND o."active" = false AND b."active" = true AND NOT ${orphanRisk("i", "o")}`,
};
