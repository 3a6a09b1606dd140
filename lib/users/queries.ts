import "server-only";
import { z } from "zod";
import { db, Prisma } from "../db";
import type { Role } from "../db/generated/enums";
import { firstOf } from "../url-params";
import { assertCan, can, ForbiddenError, NotFoundError, type Viewer } from "../auth/permissions";
import { REVIEWER_ROLES } from "../campaigns/sql";
import { personLabel, ZPeopleSearch, type PersonOption, type PersonPurpose, type TPeopleSearch } from "./schemas";
import { cursorArgs, pageOf, type TCursorPage } from "../api/paging";

/** Who may search for whom, per picker purpose (lib/users/schemas.ts PERSON_PURPOSES). Deny unless listed. */
export const PERSON_PURPOSE_RULES: Record<PersonPurpose, { allowed: (v: Viewer) => boolean; roles: readonly Role[] | null; notSelf?: boolean; adminsApart?: boolean }> = {
  // Any active user can own or back up an NHI; admins set owners one by one or in bulk.
  owner: { allowed: (v) => can(v, "identity:edit") || can(v, "identity:bulk-assign"), roles: null },
  // Campaign reviewers must be able to decide; admins are listed as their own group.
  reviewer: { allowed: (v) => can(v, "campaign:manage"), roles: REVIEWER_ROLES as Role[], adminsApart: true },
  "new-owner": { allowed: (v) => can(v, "review:decide"), roles: ["OWNER", "ADMIN"] },
  delegate: { allowed: (v) => can(v, "review:decide"), roles: REVIEWER_ROLES as Role[], notSelf: true },
  // Owners hand over their own NHIs (canHandOver checks the NHI), admins any.
  transfer: { allowed: (v) => can(v, "identity:edit") || can(v, "review:decide"), roles: ["OWNER", "ADMIN"] },
};

/** `_`, `%` and `\` in a typed term are literal characters, not LIKE wildcards. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The people picker's search: active users of the purpose's population whose name or e-mail matches `q`, best
 * matches first (the name or e-mail starts with it, then a word of the name does, then anywhere), then by name.
 * Terms of 1-2 characters match prefixes only (a substring that short matches nearly everyone). The trigram
 * indexes on name and e-mail and the (name, id) index serve it (migration user_search_indexes; docs/performance.md).
 */
export async function searchPeople(viewer: Viewer, input: TPeopleSearch): Promise<PersonOption[]> {
  const { purpose, q, exclude, limit } = ZPeopleSearch.parse(input);
  const rule = PERSON_PURPOSE_RULES[purpose];
  if (!rule.allowed(viewer)) throw new ForbiddenError();
  const skip = rule.notSelf ? [...exclude, viewer.id] : exclude;
  const term = q.toLowerCase();
  const literal = likeEscape(term);
  const prefix = `${literal}%`;
  const word = `% ${literal}%`;
  const anywhere = `%${literal}%`;
  const match = !term
    ? Prisma.empty
    : term.length < 3
      ? Prisma.sql`AND (u."name" ILIKE ${prefix} OR u."name" ILIKE ${word} OR u."email" ILIKE ${prefix})`
      : Prisma.sql`AND (u."name" ILIKE ${anywhere} OR u."email" ILIKE ${anywhere})`;
  const rank = term
    ? Prisma.sql`CASE WHEN u."name" ILIKE ${prefix} OR u."email" ILIKE ${prefix} THEN 0 WHEN u."name" ILIKE ${word} THEN 1 ELSE 2 END,`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string; name: string; email: string; role: Role; team: string | null }[]>(Prisma.sql`
    SELECT u."id", u."name", u."email", u."role", t."name" AS team
    FROM "User" u LEFT JOIN "Team" t ON t."id" = u."teamId"
    WHERE u."active"
      ${rule.roles ? Prisma.sql`AND u."role"::text = ANY(${rule.roles}::text[])` : Prisma.empty}
      ${skip.length ? Prisma.sql`AND NOT (u."id" = ANY(${skip}::text[]))` : Prisma.empty}
      ${match}
    ORDER BY ${rank} u."name", u."id"
    LIMIT ${limit}`);
  return rows.map((u) => ({ id: u.id, label: personLabel(u), team: rule.adminsApart && u.role === "ADMIN" ? "Admins" : (u.team ?? "No team"), name: u.name, email: u.email }));
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
