// Import jobs: an import now (CLI, API with wait), an import in the background (uploads from the page), the rule
// run that follows every import, and the sweep that fails jobs whose process is gone.
//
// A background upload: startImport checks the request and the file, creates the job QUEUED and returns at once;
// the route hands `run` to next/server `after()`, which runs it in this process after the response. The page polls
// GET /api/v1/imports/{id}. The job goes QUEUED → RUNNING (phase parsing / writing, progress) → SUCCEEDED, PARTIAL
// or FAILED, then phase "assessing" while the rules run. If the server stops mid-way, the import's transaction dies
// with it (nothing is written) and sweepStaleImportJobs marks the job FAILED with that explanation.
import { db, dbKind, Prisma } from "../db";
import type { AuditActor } from "../audit/log";
import { runRules } from "../rules/engine";
import { createImportJob, ImportFailedError, prepareImport, runImport, type Prepared, type RunImportInput } from "./pipeline";
import { failedReport, toReport, type ImportFindings, type ImportReport } from "./report";
import { clearProgress, RUNNER_ID, setProgress, STALE_AFTER_MS } from "./runner";

const actorOf = (input: RunImportInput): AuditActor | null => (input.viewer ? { id: input.viewer.id, email: input.viewer.email } : (input.actor ?? null));

/**
 * Imports now and re-runs the risk rules (findings reflect the new inventory). Returns the report; a file that
 * lands nothing gives a FAILED report (never throws for bad input; unexpected errors do throw).
 */
export async function importAndAssess(input: RunImportInput, prepared?: Prepared): Promise<ImportReport> {
  let summary;
  try {
    summary = await runImport({ ...input, assessAfter: true }, prepared);
  } catch (err) {
    if (err instanceof ImportFailedError) return failureReport(err, input);
    throw err;
  }
  const { findings, error } = await assess(summary.jobId!, actorOf(input), summary.status === "PARTIAL" ? "PARTIAL" : "SUCCEEDED");
  return toReport(summary, findings, error);
}

export function failureReport(err: ImportFailedError, input: Pick<RunImportInput, "format" | "sourceKey" | "fileName" | "files">): ImportReport {
  if (err.summary) {
    const r = toReport(err.summary);
    return { ...r, errors: [{ row: null, message: err.message }, ...r.errors] };
  }
  const fileName = input.fileName ?? input.files?.map((f) => f.fileName).join(", ");
  return failedReport({ format: input.format, source: input.sourceKey, message: err.message, jobId: err.jobId, fileName });
}

/** The rule run after an import: recorded on the job (summary.findings), phase cleared. Never throws. */
async function assess(jobId: string, actor: AuditActor | null, status: "SUCCEEDED" | "PARTIAL"): Promise<{ findings: ImportFindings | null; error?: string }> {
  setProgress(jobId, { phase: "assessing", rowsDone: 0, rowsTotal: null, fraction: 1 }, { status });
  let findings: ImportFindings | null = null;
  let error: string | undefined;
  try {
    const rules = await runRules({ actor });
    findings = { open: rules.totals.open, new: rules.totals.new, resolved: rules.totals.resolved, durationMs: Math.round(rules.durationMs) };
  } catch (err) {
    console.error(`import ${jobId}: the rule run after the import failed`, err);
    error = "The import landed, but the risk rules could not run after it; findings are refreshed by the next rule run.";
  }
  try {
    const patch = JSON.stringify(error ? { findings: null, assessError: error } : { findings });
    await db.$executeRaw(Prisma.sql`
      UPDATE "ImportJob" SET phase = NULL, summary = COALESCE(summary, '{}'::jsonb) || ${patch}::jsonb WHERE id = ${jobId}`);
  } catch (err) {
    console.error(`import ${jobId}: could not record the rule run`, err);
  }
  clearProgress(jobId);
  return { findings, error };
}

/**
 * A background import: validates the request (permission, source key, readable input), creates the QUEUED job and
 * returns its id with the function that runs it. `run` never throws: what happens is recorded on the job.
 */
export async function startImport(input: RunImportInput): Promise<{ jobId: string; run: () => Promise<void> }> {
  const prepared = prepareImport(input);
  const { id: jobId } = await createImportJob(input, prepared, "QUEUED");
  setProgress(jobId, { phase: "queued", rowsDone: 0, rowsTotal: null, fraction: 0 }, { startedById: input.viewer?.id ?? null });
  return {
    jobId,
    run: async () => {
      try {
        await importAndAssess({ ...input, jobId }, prepared);
      } catch (err) {
        // Recorded on the job (FAILED with a message) by the pipeline.
        console.error(`import ${jobId} failed`, err);
      }
    },
  };
}

export const STALE_JOB_MESSAGE =
  "The server stopped while this import was running. Nothing from it was written (its transaction was rolled back): upload the file again.";

/**
 * Jobs whose process is gone: QUEUED or RUNNING jobs of another process become FAILED, and an "assessing" phase is
 * cleared. On the embedded database only one process can have it open, so any other runner is gone; on
 * PostgreSQL a runner is gone when its heartbeat is older than STALE_AFTER_MS. Called before jobs are listed or read.
 */
export async function sweepStaleImportJobs(now = new Date()): Promise<number> {
  const embedded = dbKind() === "pglite";
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const gone = Prisma.sql`"runnerId" IS DISTINCT FROM ${RUNNER_ID} AND (${embedded} OR "heartbeatAt" IS NULL OR "heartbeatAt" < ${staleBefore})`;
  const errors = JSON.stringify([{ level: "error", message: STALE_JOB_MESSAGE }]);
  const failed = await db.$executeRaw(Prisma.sql`
    UPDATE "ImportJob" SET status = 'FAILED', phase = NULL, progress = NULL, "finishedAt" = ${now}, errors = ${errors}::jsonb
    WHERE status IN ('QUEUED', 'RUNNING') AND ${gone}`);
  await db.$executeRaw(Prisma.sql`
    UPDATE "ImportJob" SET phase = NULL,
      summary = COALESCE(summary, '{}'::jsonb) || '{"findings": null, "assessError": "The server stopped during the rule run after this import; the import itself landed."}'::jsonb
    WHERE phase IS NOT NULL AND status NOT IN ('QUEUED', 'RUNNING') AND ${gone}`);
  return failed;
}
