import "server-only";
import { db, type Prisma } from "../db";
import { assertCan, can, type Viewer } from "../auth/permissions";
import type { TTaskFilters, TTaskQuery } from "./schemas";

/**
 * The tasks a viewer may see: everything for roles that read the whole estate; an owner the tasks assigned to them
 * and those on NHIs they own (the work is theirs to follow even when someone else does it).
 */
export function taskScope(viewer: Viewer): Prisma.RemediationTaskWhereInput {
  if (can(viewer, "identity:read-all")) return {};
  if (can(viewer, "remediation:read")) return { OR: [{ assigneeId: viewer.id }, { identity: { ownerId: viewer.id } }] };
  return { id: { in: [] } };
}

export const taskSelect = {
  id: true,
  action: true,
  targetType: true,
  targetId: true,
  title: true,
  reason: true,
  status: true,
  dueAt: true,
  createdAt: true,
  closedAt: true,
  closedById: true,
  closedNote: true,
  verifiedByImportId: true,
  campaign: { select: { id: true, name: true } },
  identity: { select: { id: true, name: true, ownerId: true, source: { select: { key: true } } } },
  assignee: { select: { id: true, name: true, active: true } },
} satisfies Prisma.RemediationTaskSelect;
export type TaskRow = Prisma.RemediationTaskGetPayload<{ select: typeof taskSelect }>;

export function tasksWhere(viewer: Viewer, f: TTaskFilters): Prisma.RemediationTaskWhereInput {
  const and: Prisma.RemediationTaskWhereInput[] = [taskScope(viewer)];
  if (f.status === "todo") and.push({ status: { in: ["OPEN", "IN_PROGRESS"] } });
  else if (f.status !== "all") and.push({ status: f.status });
  if (f.action) and.push({ action: f.action });
  if (f.campaign) and.push({ campaignId: f.campaign });
  if (f.assignee === "me") and.push({ assigneeId: viewer.id });
  else if (f.assignee === "none") and.push({ assigneeId: null });
  else if (f.assignee) and.push({ assigneeId: f.assignee });
  if (f.q) and.push({ OR: [{ title: { contains: f.q, mode: "insensitive" } }, { identity: { name: { contains: f.q, mode: "insensitive" } } }] });
  return { AND: and };
}

const SORTS = {
  due: (dir: Prisma.SortOrder) => [{ dueAt: { sort: dir, nulls: "last" as const } }, { id: dir }],
  created: (dir: Prisma.SortOrder) => [{ createdAt: dir }, { id: dir }],
  action: (dir: Prisma.SortOrder) => [{ action: dir }, { dueAt: "asc" as const }, { id: dir }],
} satisfies Record<TTaskQuery["sort"], (dir: Prisma.SortOrder) => Prisma.RemediationTaskOrderByWithRelationInput[]>;

export async function listRemediationTasks(viewer: Viewer, q: TTaskQuery) {
  assertCan(viewer, "remediation:read");
  const where = tasksWhere(viewer, q);
  const [rows, total, byStatus] = await Promise.all([
    db.remediationTask.findMany({ where, select: taskSelect, orderBy: SORTS[q.sort](q.dir), skip: (q.page - 1) * q.size, take: q.size }),
    db.remediationTask.count({ where }),
    db.remediationTask.groupBy({ by: ["status"], where: tasksWhere(viewer, { ...q, status: "all" }), _count: { _all: true } }),
  ]);
  return { rows, total, byStatus: Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) as Record<string, number> };
}

/** Cursor page for the API. */
export async function listRemediationTasksPage(viewer: Viewer, f: TTaskFilters, cursor: string | undefined, limit: number) {
  assertCan(viewer, "remediation:read");
  const rows = await db.remediationTask.findMany({
    where: tasksWhere(viewer, f),
    select: taskSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? data[data.length - 1].id : null };
}

/** Campaigns that produced tasks, for the filter. */
export async function taskCampaigns(viewer: Viewer) {
  assertCan(viewer, "remediation:read");
  return db.campaign.findMany({
    where: { tasks: { some: taskScope(viewer) } },
    select: { id: true, name: true },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
}
