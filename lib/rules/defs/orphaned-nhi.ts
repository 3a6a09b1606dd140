import { Prisma } from "../../db";
import { LIVE, orphanRisk } from "../sql";
import type { RuleDefinition } from "../types";

// Orphan = nobody accountable: no owner at all, an owner who has left with no active backup owner behind them, or an
// owner who has left while the NHI waits for its new owner to accept it (orphanRisk: a pending ownership transfer).
// (An owner who left while an active backup owner remains, with no transfer open, is the narrower "owner-departed" rule.)
// The cloud provider's own agents have no customer owner by design and are excluded.
export const orphanedNhi: RuleDefinition = {
  id: "orphaned-nhi",
  title: "Orphaned NHI: no accountable owner",
  severity: "HIGH",
  owasp: "NHI1",
  nist: ["GV.RR-02", "PR.AA-01", "ID.AM-08"],
  description:
    "The NHI has no owner, or its owner's account is deactivated and no active backup owner remains, or the new owner has not yet accepted it. Nobody will rotate, review or decommission it.",
  remediation:
    "Assign an owner (and a backup owner) from the team that runs the workload. If nobody claims it within the review period, disable it and decommission it after a grace period.",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN i."ownerId" IS NULL THEN 'No owner' WHEN coalesce(b."active", false) = false THEN 'Owner left, no backup owner'
          ELSE 'Owner left, new owner has not accepted yet' END,
        'ownerId', i."ownerId", 'ownerEmail', o."email", 'ownerActive', o."active",
        'backupOwnerId', i."backupOwnerId", 'backupOwnerActive', b."active") AS "evidence"
    FROM "Identity" i
    LEFT JOIN "User" o ON o."id" = i."ownerId"
    LEFT JOIN "User" b ON b."id" = i."backupOwnerId"
    WHERE ${LIVE} AND NOT i."platformManaged"
      AND (${orphanRisk("i", "o")} OR (o."active" = false AND coalesce(b."active", false) = false))`,
};
