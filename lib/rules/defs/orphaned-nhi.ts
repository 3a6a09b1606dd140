import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

// Orphan = nobody accountable: no owner at all, or an owner who has left with no active backup owner behind them.
// (An owner who left while an active backup owner remains is the narrower "owner-departed" rule.)
// The cloud provider's own agents have no customer owner by design and are excluded.
export const orphanedNhi: RuleDefinition = {
  id: "orphaned-nhi",
  title: "Orphaned NHI: no accountable owner",
  severity: "HIGH",
  owasp: "NHI1",
  nist: ["GV.RR-02", "PR.AA-01", "ID.AM-08"],
  description:
    "The NHI has no owner, or its owner's account is deactivated and no active backup owner remains. Nobody will rotate, review or decommission it.",
  remediation:
    "Assign an owner (and a backup owner) from the team that runs the workload. If nobody claims it within the review period, disable it and decommission it after a grace period.",
  query: () => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN i."ownerId" IS NULL THEN 'No owner' ELSE 'Owner left, no backup owner' END,
        'ownerId', i."ownerId", 'ownerEmail', o."email", 'ownerActive', o."active",
        'backupOwnerId', i."backupOwnerId", 'backupOwnerActive', b."active") AS "evidence"
    FROM "Identity" i
    LEFT JOIN "User" o ON o."id" = i."ownerId"
    LEFT JOIN "User" b ON b."id" = i."backupOwnerId"
    WHERE ${LIVE} AND NOT i."platformManaged"
      AND (i."ownerId" IS NULL OR (o."active" = false AND coalesce(b."active", false) = false))`,
};
