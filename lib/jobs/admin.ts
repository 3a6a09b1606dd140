import "server-only";
import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { db, type Prisma } from "../db";
import { recordAuditStandalone } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { firstOf } from "../url-params";
import { summaryText } from "./format";
import { JOBS } from "./registry";
import { forceJobs, type JobOutcome } from "./runner";

// The admin's Jobs page (Settings > Jobs): every registered job with its last run, the run history paged, and
// "Run now" (audited). ADMIN only (settings:manage).

export const ZJobRunsQuery = tableParamsSchema({ sortable: ["started"], defaultSort: "started", defaultDir: "desc", defaultSize: 25 }).extend({
  job: z.preprocess(firstOf, z.string().max(100).optional()).catch(undefined),
  failed: z.preprocess(firstOf, z.enum(["1"]).optional()).catch(undefined),
});
export type TJobRunsQuery = z.infer<typeof ZJobRunsQuery>;

export const ZRunJob = z.object({ name: z.enum(JOBS.map((j) => j.name) as [string, ...string[]], { message: "Unknown job" }) });

export async function listJobs(viewer: Viewer) {
  assertCan(viewer, "settings:manage");
  const last = await db.$queryRaw<{ job: string; startedAt: Date; finishedAt: Date | null; ok: boolean | null; error: string | null }[]>`
    SELECT DISTINCT ON ("job") "job", "startedAt", "finishedAt", "ok", "error" FROM "JobRun" ORDER BY "job", "startedAt" DESC`;
  return JOBS.map((j) => ({ name: j.name, description: j.description, last: last.find((r) => r.job === j.name) ?? null }));
}

export async function listJobRuns(viewer: Viewer, q: TJobRunsQuery) {
  assertCan(viewer, "settings:manage");
  const where: Prisma.JobRunWhereInput = { ...(q.job ? { job: q.job } : {}), ...(q.failed ? { ok: false } : {}) };
  const [rows, total] = await Promise.all([
    db.jobRun.findMany({ where, orderBy: [{ startedAt: q.dir }, { id: q.dir }], skip: (q.page - 1) * q.size, take: q.size }),
    db.jobRun.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      job: r.job,
      slot: r.slot,
      startedAt: r.startedAt,
      ms: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      ok: r.ok,
      summary: r.summary !== null && typeof r.summary === "object" && !Array.isArray(r.summary) ? summaryText(r.summary as Record<string, unknown>) : r.summary === null ? null : JSON.stringify(r.summary),
      error: r.error,
      forcedBy: r.forcedBy,
    })),
    total,
  };
}
export type JobRunRow = Awaited<ReturnType<typeof listJobRuns>>["rows"][number];

/** Runs one job now, whatever its schedule, as the admin; the run and who asked are recorded. */
export async function runJobNow(viewer: Viewer, name: string): Promise<JobOutcome> {
  assertCan(viewer, "settings:manage");
  const [outcome] = await forceJobs([name], viewer);
  await recordAuditStandalone({ actor: viewer, action: "job.run", targetType: "Job", targetId: name, after: { status: outcome.status, slot: outcome.slot }, meta: { summary: outcome.summary ?? null, error: outcome.error ?? null } });
  return outcome;
}
