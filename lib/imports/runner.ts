// The process side of import jobs: which process runs a job, its progress, and its heartbeat.
//
// A job's writes happen in one transaction, so its progress cannot be read from the database while it runs (it is
// not committed, and the embedded database serializes everything behind that transaction). Progress lives in this
// process's memory; on PostgreSQL a heartbeat also copies it to the job row every few seconds from another pooled
// connection, so any replica can show it and a job whose process died is recognised (sweepStaleImportJobs).
import crypto from "node:crypto";
import { db, dbKind, Prisma } from "../db";

export interface ImportProgress {
  phase: "queued" | "parsing" | "writing" | "assessing";
  /** Identities written so far. */
  rowsDone: number;
  /** Identities in the file when known (whole-file formats); null while a CSV is streamed. */
  rowsTotal: number | null;
  /** 0..1: identities written of the total, or bytes read of a streamed file. */
  fraction: number;
}

/** A job running in this process, as the live progress endpoint shows it without touching the database. */
export interface LiveJob {
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "PARTIAL";
  progress: ImportProgress;
  startedById: string | null;
}

const g = globalThis as unknown as { __stewardImportRunner?: { id: string; jobs: Map<string, LiveJob> } };
g.__stewardImportRunner ??= { id: `${process.pid}-${crypto.randomUUID()}`, jobs: new Map() };
const state = g.__stewardImportRunner;

/** This process, as recorded on the jobs it runs. */
export const RUNNER_ID = state.id;

export const HEARTBEAT_MS = 3_000;
/** A job whose heartbeat is older than this on PostgreSQL has lost its process. */
export const STALE_AFTER_MS = 60_000;

export function setProgress(jobId: string, p: ImportProgress, more: Partial<Omit<LiveJob, "progress">> = {}): void {
  const prev = state.jobs.get(jobId);
  const status = more.status ?? (p.phase === "queued" ? "QUEUED" : p.phase === "assessing" ? (prev?.status ?? "SUCCEEDED") : "RUNNING");
  state.jobs.set(jobId, { status, startedById: more.startedById ?? prev?.startedById ?? null, progress: p });
}

export function getProgress(jobId: string): ImportProgress | undefined {
  return state.jobs.get(jobId)?.progress;
}

export function getLiveJob(jobId: string): LiveJob | undefined {
  return state.jobs.get(jobId);
}

export function clearProgress(jobId: string): void {
  state.jobs.delete(jobId);
}

/**
 * PostgreSQL: every HEARTBEAT_MS, stamps the job as alive and copies its progress, from a pooled connection outside
 * the import's transaction. The embedded database has one process and one connection: nothing to do there.
 * Returns the function that stops it.
 */
export function startHeartbeat(jobId: string): () => void {
  if (dbKind() !== "postgres") return () => {};
  let busy = false;
  const beat = async () => {
    if (busy) return;
    busy = true;
    try {
      const p = getProgress(jobId);
      await db.$executeRaw(Prisma.sql`
        UPDATE "ImportJob" SET "heartbeatAt" = ${new Date()},
          phase = COALESCE(${p?.phase ?? null}, phase), progress = COALESCE(${p ? JSON.stringify(p) : null}::jsonb, progress)
        WHERE id = ${jobId} AND (status IN ('QUEUED', 'RUNNING') OR phase IS NOT NULL)`);
    } catch {
      // A missed beat is harmless; the next one retries.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
