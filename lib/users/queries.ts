import "server-only";
import { db } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";

/** A person an admin can pick as owner or backup owner; the picker groups them by team. */
export interface OwnerOption {
  id: string;
  label: string;
  team: string;
}

/** Active users an admin can pick as owner or backup owner. */
export async function listOwnerCandidates(viewer: Viewer): Promise<OwnerOption[]> {
  if (!can(viewer, "identity:edit")) assertCan(viewer, "identity:bulk-assign");
  const users = await db.user.findMany({
    where: { active: true },
    select: { id: true, name: true, email: true, team: { select: { name: true } } },
    orderBy: [{ name: "asc" }],
  });
  return users.map((u) => ({ id: u.id, label: `${u.name} (${u.email})`, team: u.team?.name ?? "No team" }));
}
