import "server-only";
import { db } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError } from "../errors";
import type { TImportListQuery } from "./schemas";

const jobSelect = {
  id: true,
  format: true,
  fileName: true,
  status: true,
  created: true,
  updated: true,
  unchanged: true,
  failed: true,
  startedAt: true,
  finishedAt: true,
  startedById: true,
  source: { select: { key: true } },
} as const;

export async function listImportJobs(viewer: Viewer, q: TImportListQuery) {
  assertCan(viewer, "import:run");
  const [rows, total] = await Promise.all([
    db.importJob.findMany({ select: jobSelect, orderBy: [{ startedAt: q.dir }, { id: q.dir }], skip: (q.page - 1) * q.size, take: q.size }),
    db.importJob.count(),
  ]);
  const userIds = [...new Set(rows.map((r) => r.startedById).filter((x): x is string => !!x))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return { rows: rows.map((r) => ({ ...r, startedBy: r.startedById ? (names.get(r.startedById) ?? "(removed user)") : "CLI" })), total };
}
export type ImportJobRow = Awaited<ReturnType<typeof listImportJobs>>["rows"][number];

/** Cursor page for the API: newest first, stable under inserts (keyed on startedAt + id). */
export async function listImportJobsPage(viewer: Viewer, cursor: string | undefined, limit: number) {
  assertCan(viewer, "import:run");
  const rows = await db.importJob.findMany({
    select: jobSelect,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  return { data, nextCursor: hasMore ? data[data.length - 1].id : null };
}

export async function getImportJob(viewer: Viewer, id: string) {
  assertCan(viewer, "import:run");
  const job = await db.importJob.findUnique({ where: { id }, select: { ...jobSelect, fileHash: true, errors: true } });
  if (!job) throw new NotFoundError("Import not found.");
  return job;
}
