import "server-only";
import { db } from "../db";
import { assertCan, can, NotFoundError, type Viewer } from "../auth/permissions";
import { cursorArgs, pageOf, type TCursorPage } from "../api/paging";

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

/** What an admin sees of a user: never the password hash, lockout counters or SSO subject. */
export const userSelect = {
  id: true, email: true, name: true, role: true, active: true, lastLoginAt: true, createdAt: true, updatedAt: true,
  team: { select: { id: true, name: true } },
} as const;

/** Admin: every user, one cursor page at a time (GET /api/v1/users). */
export async function listUsersPage(viewer: Viewer, page: TCursorPage) {
  assertCan(viewer, "user:manage");
  const { where, ...args } = cursorArgs(page);
  return pageOf(await db.user.findMany({ where, select: userSelect, ...args }), page.limit);
}

export async function getUser(viewer: Viewer, id: string) {
  assertCan(viewer, "user:manage");
  const user = await db.user.findUnique({ where: { id }, select: userSelect });
  if (!user) throw new NotFoundError("User not found.");
  return user;
}
