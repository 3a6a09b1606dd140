import "server-only";
import { z } from "zod";
import { db } from "../db";
import { firstOf } from "../url-params";
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

export const ZUserListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  q: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;
export const USER_PAGE_SIZE = 50;

/** Admin page: users by name, filtered by name or e-mail, page by page. */
export async function listUsers(viewer: Viewer, query: TUserListQuery) {
  assertCan(viewer, "user:manage");
  const where = query.q ? { OR: [{ name: { contains: query.q, mode: "insensitive" as const } }, { email: { contains: query.q, mode: "insensitive" as const } }] } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({ where, select: userSelect, orderBy: [{ name: "asc" }, { id: "asc" }], skip: (query.page - 1) * USER_PAGE_SIZE, take: USER_PAGE_SIZE }),
    db.user.count({ where }),
  ]);
  return { rows, total };
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>["rows"][number];

export async function listTeams(viewer: Viewer) {
  assertCan(viewer, "user:manage");
  return db.team.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}
