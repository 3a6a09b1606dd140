import "server-only";
import { db } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";

/** Active users an admin can pick as owner or backup owner, grouped by team in the UI. */
export async function listOwnerCandidates(viewer: Viewer) {
  if (!can(viewer, "identity:edit")) assertCan(viewer, "identity:bulk-assign");
  return db.user.findMany({
    where: { active: true },
    select: { id: true, name: true, email: true, team: { select: { name: true } } },
    orderBy: [{ name: "asc" }],
  });
}
export type OwnerCandidate = Awaited<ReturnType<typeof listOwnerCandidates>>[number];
