// The one scheduler entry point: `npm run steward -- jobs run`, the in-process tick of every server (instrumentation.ts)
// and tests all call runDueJobs. Each job runs at most once per slot however many replicas tick at once: a run first
// claims its (job, slot) row with INSERT .. ON CONFLICT DO NOTHING, and only the replica whose insert landed runs it.
// That claim is atomic on PostgreSQL and on PGlite alike, holds no lock while the job works, and leaves a record of
// every run (what ran, its summary or error). A replica that dies mid-run leaves the slot claimed and unfinished;
// the job runs again in its next slot (jobs are idempotent). This row claim is the "advisory lock" of DESIGN.md: an
// advisory lock would have to be held on one connection (or one transaction) for the whole job, while the claim
// needs neither and also works on PGlite; runner.pg.test.ts runs two scheduler processes at once against PostgreSQL.
import { db, Prisma } from "../db";
import type { AuditActor } from "../audit/log";
import { JOBS, jobByName } from "./registry";
import type { JobDefinition } from "./types";

export interface JobOutcome {
  job: string;
  slot: string;
  status: "ran" | "failed" | "skipped";
  ms?: number;
  summary?: Record<string, unknown>;
  error?: string;
}

export class UnknownJobError extends Error {}

/** Claims the slot; true when this caller won it. */
async function claim(job: string, slot: string, startedAt: Date, forcedBy: string | null): Promise<string | null> {
  const id = `job_${crypto.randomUUID().replaceAll("-", "")}`;
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "JobRun" ("id", "job", "slot", "startedAt", "forcedBy") VALUES (${id}, ${job}, ${slot}, ${startedAt.toISOString()}::timestamp(3), ${forcedBy})
    ON CONFLICT ("job", "slot") DO NOTHING RETURNING "id"`;
  return rows[0]?.id ?? null;
}

async function execute(job: JobDefinition, slot: string, now: Date, forcedBy: string | null): Promise<JobOutcome> {
  const runId = await claim(job.name, slot, now, forcedBy);
  if (!runId) return { job: job.name, slot, status: "skipped" };
  const t0 = performance.now();
  try {
    const summary = await job.run({ now });
    await db.jobRun.update({ where: { id: runId }, data: { finishedAt: new Date(), ok: true, summary: summary as Prisma.InputJsonValue } });
    return { job: job.name, slot, status: "ran", ms: Math.round(performance.now() - t0), summary };
  } catch (err) {
    // Recorded for the jobs page; the next job still runs.
    const error = err instanceof Error ? err.message : String(err);
    console.error(`job ${job.name} (${slot}) failed`, err);
    await db.jobRun.update({ where: { id: runId }, data: { finishedAt: new Date(), ok: false, error: error.slice(0, 2000) } });
    return { job: job.name, slot, status: "failed", ms: Math.round(performance.now() - t0), error };
  }
}

/** Runs every job whose slot for `now` has not run yet (the scheduler's tick). */
export async function runDueJobs({ now = new Date() }: { now?: Date } = {}): Promise<JobOutcome[]> {
  const out: JobOutcome[] = [];
  for (const job of JOBS) {
    const slot = job.slot(now);
    if (slot === null) continue;
    out.push(await execute(job, slot, now, null));
  }
  return out;
}

/** Runs the named jobs now, whatever their schedule (CLI `jobs run --force NAME`, the admin's "run now"). */
export async function forceJobs(names: readonly string[], actor: AuditActor | null, now = new Date()): Promise<JobOutcome[]> {
  const jobs = names.map((n) => jobByName(n) ?? (() => { throw new UnknownJobError(`Unknown job "${n}". Jobs: ${JOBS.map((j) => j.name).join(", ")}`); })());
  const out: JobOutcome[] = [];
  for (const job of jobs) out.push(await execute(job, `manual:${now.toISOString()}`, now, actor?.id ?? "cli"));
  return out;
}

/** The last runs, newest first (the jobs page and `jobs list`). */
export async function recentJobRuns(limit = 50) {
  return db.jobRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit });
}
