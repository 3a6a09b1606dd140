import "server-only";
import { db, Prisma } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError } from "../errors";
import { sweepStaleImportJobs } from "./jobs";
import type { ImportReport } from "./report";
import { toReport } from "./report";
import type { ImportSummary } from "./pipeline";
import { getProgress, type ImportProgress } from "./runner";
import type { TImportListQuery, TSuggestionListQuery } from "./schemas";

const jobSelect = {
  id: true,
  format: true,
  fileName: true,
  status: true,
  phase: true,
  created: true,
  updated: true,
  unchanged: true,
  failed: true,
  deletedAtSource: true,
  startedAt: true,
  finishedAt: true,
  startedById: true,
  source: { select: { key: true } },
} as const;

async function startedByNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const userIds = [...new Set(ids.filter((x): x is string => !!x))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

const byName = (names: Map<string, string>, id: string | null) => (id ? (names.get(id) ?? "(removed user)") : "CLI");

export async function listImportJobs(viewer: Viewer, q: TImportListQuery) {
  assertCan(viewer, "import:run");
  await sweepStaleImportJobs();
  const [rows, total] = await Promise.all([
    db.importJob.findMany({ select: { ...jobSelect, fileHash: true }, orderBy: [{ startedAt: q.dir }, { id: q.dir }], skip: (q.page - 1) * q.size, take: q.size }),
    db.importJob.count(),
  ]);
  const names = await startedByNames(rows.map((r) => r.startedById));
  return { rows: rows.map((r) => ({ ...r, startedBy: byName(names, r.startedById) })), total };
}
export type ImportJobRow = Awaited<ReturnType<typeof listImportJobs>>["rows"][number];

/** Imports still running (or re-running the rules after landing), newest first: the imports page follows them. */
export async function listActiveImportJobs(viewer: Viewer) {
  assertCan(viewer, "import:run");
  const rows = await db.importJob.findMany({
    where: { OR: [{ status: { in: ["QUEUED", "RUNNING"] } }, { phase: { not: null } }] },
    select: { id: true, fileName: true, status: true, phase: true, progress: true },
    orderBy: { startedAt: "desc" },
    take: 20,
  });
  return rows.map((r) => ({ ...r, progress: getProgress(r.id) ?? (r.progress as ImportProgress | null) }));
}

/** Cursor page for the API: newest first, stable under inserts (keyed on startedAt + id). */
export async function listImportJobsPage(viewer: Viewer, cursor: string | undefined, limit: number) {
  assertCan(viewer, "import:run");
  await sweepStaleImportJobs();
  const rows = await db.importJob.findMany({
    select: { ...jobSelect, fileHash: true },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  const names = await startedByNames(data.map((r) => r.startedById));
  return {
    data: data.map(({ startedById, source, ...r }) => ({ ...r, source: source?.key ?? null, startedBy: byName(names, startedById) })),
    nextCursor: hasMore ? data[data.length - 1].id : null,
  };
}

export interface ImportJobView {
  id: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "PARTIAL" | "FAILED";
  /** "queued" | "parsing" | "writing" | "assessing" while something is still happening, else null. */
  phase: string | null;
  progress: ImportProgress | null;
  format: string;
  fileName: string;
  fileHash: string;
  fileSize: number;
  source: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  startedBy: string;
  counts: { created: number; updated: number; unchanged: number; failed: number; deletedAtSource: number };
  /** The import report once the job has finished (see lib/imports/report.ts). */
  report: ImportReport | null;
  /** Row errors and warnings (the first 1,000), and the reason of a FAILED job. */
  errors: { level: string; row?: number; path?: string; message: string }[];
}

export async function getImportJob(viewer: Viewer, id: string): Promise<ImportJobView> {
  assertCan(viewer, "import:run");
  await sweepStaleImportJobs();
  const job = await db.importJob.findUnique({
    where: { id },
    select: { ...jobSelect, fileHash: true, fileSize: true, errors: true, summary: true, progress: true },
  });
  if (!job) throw new NotFoundError("Import not found.");
  const names = await startedByNames([job.startedById]);
  const summary = job.summary as (ImportSummary & { findings?: ImportReport["findings"]; assessError?: string }) | null;
  const live = getProgress(job.id);
  return {
    id: job.id,
    status: job.status,
    phase: job.phase ?? null,
    progress: job.phase ? (live ?? (job.progress as ImportProgress | null) ?? null) : null,
    format: job.format,
    fileName: job.fileName,
    fileHash: job.fileHash,
    fileSize: Number(job.fileSize),
    source: job.source?.key ?? null,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    startedBy: byName(names, job.startedById),
    counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed, deletedAtSource: job.deletedAtSource },
    report: summary?.format ? toReport({ ...summary, jobId: job.id }, summary.findings ?? null, summary.assessError) : null,
    errors: (Array.isArray(job.errors) ? job.errors : []) as ImportJobView["errors"],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Changes (drift): what each import changed

export interface ImportChangeRow {
  seq: string;
  jobId: string;
  identityId: string;
  identityName: string | null;
  entity: "IDENTITY" | "CREDENTIAL" | "ENTITLEMENT";
  entityKey: string | null;
  change: "CREATED" | "UPDATED" | "REVOKED" | "DELETED_AT_SOURCE" | "RESTORED";
  fields: Record<string, [unknown, unknown]> | null;
  at: Date;
}

const changeSelect = { seq: true, jobId: true, identityId: true, entity: true, entityKey: true, change: true, fields: true, at: true } as const;

/** Owner ids in change fields are shown as names. */
async function withNames<T extends { fields: unknown }>(rows: T[]): Promise<{ rows: T[]; people: Record<string, string> }> {
  const ids = new Set<string>();
  for (const r of rows) {
    const owner = (r.fields as Record<string, unknown[]> | null)?.ownerId;
    if (Array.isArray(owner)) for (const v of owner) if (typeof v === "string") ids.add(v);
  }
  const users = ids.size ? await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } }) : [];
  return { rows, people: Object.fromEntries(users.map((u) => [u.id, u.name])) };
}

/** One page of what an import changed, in the order it happened. */
export async function listImportChanges(viewer: Viewer, jobId: string, page: number, size: number) {
  assertCan(viewer, "import:run");
  const where = { jobId };
  const [rows, total] = await Promise.all([
    db.importChange.findMany({ where, select: changeSelect, orderBy: { seq: "asc" }, skip: (page - 1) * size, take: size }),
    db.importChange.count({ where }),
  ]);
  const identities = rows.length
    ? await db.identity.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.identityId))] } }, select: { id: true, name: true } })
    : [];
  const names = new Map(identities.map((i) => [i.id, i.name]));
  const out = rows.map((r) => ({ ...r, seq: r.seq.toString(), identityName: names.get(r.identityId) ?? null, fields: r.fields as ImportChangeRow["fields"] }));
  return { ...(await withNames(out)), total };
}

/** Cursor page of an import's changes for the API (oldest first). */
export async function listImportChangesPage(viewer: Viewer, jobId: string, cursor: string | undefined, limit: number) {
  assertCan(viewer, "import:run");
  const rows = await db.importChange.findMany({
    where: { jobId, ...(cursor && /^\d+$/.test(cursor) ? { seq: { gt: BigInt(cursor) } } : {}) },
    select: changeSelect,
    orderBy: { seq: "asc" },
    take: limit + 1,
  });
  const data = rows.slice(0, limit).map((r) => ({ ...r, seq: r.seq.toString() }));
  return { data, nextCursor: rows.length > limit ? data[data.length - 1].seq : null };
}

/**
 * What imports changed on one NHI, newest first, with the import each came from. The caller has checked the viewer
 * may read the NHI (lib/identities/queries getIdentityDetail).
 */
export async function changesOfIdentity(identityId: string, take = 50) {
  const rows = await db.importChange.findMany({ where: { identityId }, select: changeSelect, orderBy: { seq: "desc" }, take });
  const jobs = rows.length
    ? await db.importJob.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.jobId))] } }, select: { id: true, fileName: true, format: true } })
    : [];
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return withNames(rows.map((r) => ({ ...r, seq: r.seq.toString(), fields: r.fields as ImportChangeRow["fields"], job: byId.get(r.jobId) ?? null })));
}
export type IdentityImportChange = Awaited<ReturnType<typeof changesOfIdentity>>["rows"][number];

// ---------------------------------------------------------------------------------------------------------------
// Owner suggestions

export async function listOwnerSuggestions(viewer: Viewer, q: TSuggestionListQuery) {
  assertCan(viewer, "identity:edit");
  const where: Prisma.OwnerSuggestionWhereInput = { status: q.status, ...(q.job ? { jobId: q.job } : {}) };
  const orderBy: Prisma.OwnerSuggestionOrderByWithRelationInput[] =
    q.sort === "identity" ? [{ identity: { name: q.dir } }, { id: "asc" }] : [{ createdAt: q.dir }, { id: "asc" }];
  const [rows, total] = await Promise.all([
    db.ownerSuggestion.findMany({
      where,
      select: {
        id: true, origin: true, hint: true, status: true, createdAt: true, decidedAt: true, jobId: true,
        identity: { select: { id: true, name: true, kind: true, owner: { select: { name: true } }, source: { select: { key: true } } } },
        user: { select: { id: true, name: true, email: true, active: true } },
      },
      orderBy,
      skip: (q.page - 1) * q.size,
      take: q.size,
    }),
    db.ownerSuggestion.count({ where }),
  ]);
  return { rows, total };
}
export type OwnerSuggestionRow = Awaited<ReturnType<typeof listOwnerSuggestions>>["rows"][number];

/** Pending suggestions of one NHI (its detail page, for admins). */
export async function pendingSuggestionsOf(viewer: Viewer, identityId: string) {
  assertCan(viewer, "identity:edit");
  return db.ownerSuggestion.findMany({
    where: { identityId, status: "PENDING" },
    select: { id: true, origin: true, hint: true, createdAt: true, user: { select: { id: true, name: true, email: true, active: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function countPendingSuggestions(viewer: Viewer): Promise<number> {
  assertCan(viewer, "identity:edit");
  return db.ownerSuggestion.count({ where: { status: "PENDING" } });
}
