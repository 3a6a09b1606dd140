// The import pipeline: file(s) → reader (lib/importers openImport: detection, parsing, batches) → set-based upserts
// (lib/imports/sql.ts), all in ONE transaction: a file lands whole or not at all.
//
// 1. The ImportJob row exists before the transaction (created here, or QUEUED by lib/imports/jobs.ts), so a failed
//    import still leaves a FAILED job with the reason.
// 2. Batch by batch (1,000 identities per statement): sources are upserted on first use under an advisory lock per
//    source (concurrent imports of one source wait for each other); identities, credentials and entitlements are
//    upserted; what changed is appended to ImportChange; credentials and entitlements a complete record no longer
//    lists are REVOKED; rollups are recomputed for what changed; stated owners are set and owner hints become
//    suggestions. The CSV template is streamed, so memory does not grow with the file.
// 3. Identities of a FULL export's scope that it no longer lists become DELETED_AT_SOURCE (never deleted).
// 4. Rows rejected by validation are row errors; the valid rows land (PARTIAL). A file none of whose rows could be
//    read lands nothing (FAILED, rolled back).
// 5. One audit event "import.run"; the job row gets its counts and report in the same transaction.
// A preview runs exactly the same statements and rolls them back: its counts are what the import would do.
import crypto from "node:crypto";
import fs from "node:fs";
import { db, Prisma, type Environment, type Tx } from "../db";
import { closeVerifiedTasks } from "../remediation/verify";
import { recordAudit, recordAuditStandalone, type AuditActor } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { ValidationError } from "../errors";
import { daysAgo, UNUSED_WINDOW_DAYS } from "../identities/rules";
import { openImport, type InputSource } from "../importers";
import type { FullScope, ImportReader, NormalizedIdentity, ParseOptions, RowError } from "../importers/types";
import { EMAIL_RE } from "../importers/util";
import { clearProgress, RUNNER_ID, setProgress, startHeartbeat, type ImportProgress } from "./runner";
import {
  applyStatedOwners, clean, createSeenTable, createUsersTable, iso, markDeletedAtSource, markSeen, SEEN_TABLE, matchOnBehalfOf, newIds, recomputeRollups, revokeMissingCredentials,
  revokeMissingEntitlements, suggestOwners, upsertCredentials, upsertEntitlements, upsertIdentities,
  type CredentialRows, type EntitlementRows, type IdentityRows, type OwnerHintRows, type StatedOwners,
} from "./sql";

const IMPORT_LOCK_NS = 727_003_020;
/** Row errors kept in the job and the report; the count says how many there were in all. */
export const MAX_STORED_ERRORS = 1000;
/**
 * Identities per statement. Measured at 100,000 rows (PostgreSQL, heap capped at 320 MB, CLI): 1,000 / 2,000 / 5,000
 * took 19.0 / 18.7 / 17.6 s and peaked at 333 / 373 / 499 MB RSS (within the noise of a shared machine for time).
 * Memory follows the batch because Prisma's debug ring buffers keep the parameters of the last ~100 statements
 * (~1.4 MB of JSON per 5,000 rows) even with debugging off.
 */
const DEFAULT_BATCH = 1000;
/**
 * An unchanged row seen again is not rewritten if its lastSeenAt is younger than this: re-importing the same file
 * is mostly reads, and lastSeenAt (and the rollups of untouched NHIs) have day precision.
 */
const SEEN_REFRESH_MS = 20 * 3_600_000;

export interface RunImportInput {
  /** A signed-in user (checked for "import:run"), or `actor` for the CLI and jobs. */
  viewer?: Viewer | null;
  actor?: AuditActor | null;
  /** "auto" or a format name (lib/importers FORMAT_NAMES). */
  format: string;
  /** One file... */
  fileName?: string;
  buffer?: Buffer | Uint8Array | string;
  /** ...or several files of one format (GCP accounts + keys + policy, Azure SPs + apps), in memory or on disk. */
  files?: InputSource[];
  /** Source key (aws:123456789012...); default: what the file names, else "<platform>:default". */
  sourceKey?: string;
  /** Environment of a source created by this import. */
  sourceEnvironment?: Environment;
  /** Override the format's own notion: true = the file is the complete inventory of its source, false = partial. */
  fullInventory?: boolean;
  now?: Date;
  parseOptions?: ParseOptions;
  /** Identities per statement (default DEFAULT_BATCH). */
  batchSize?: number;
  /** A job created beforehand (a background upload: lib/imports/jobs.ts); otherwise one is created here. */
  jobId?: string;
  /** The rule run follows (the job keeps phase "assessing" until it is done). */
  assessAfter?: boolean;
  /** Time each kind of statement (benchmarks): summary.timings.statements. */
  profile?: boolean;
}

export interface ChildCounts { created: number; updated: number; unchanged: number; revoked: number }

export interface ImportSummary {
  /** Null for a preview (nothing was written, no job exists). */
  jobId: string | null;
  dryRun: boolean;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  format: string;
  formatLabel: string;
  /** The main source (the one chosen, or the one the file names). */
  source: string;
  sourceKeys: string[];
  fileName: string;
  fileHash: string;
  fileSize: number;
  recordsRead: number;
  identities: { created: number; updated: number; unchanged: number; failed: number; deletedAtSource: number };
  credentials: ChildCounts;
  entitlements: ChildCounts;
  /** Owners set from the template's owner column, and new owner suggestions from hints. */
  owners: { assigned: number; suggested: number };
  /** The first MAX_STORED_ERRORS row errors; `identities.failed` counts them all. */
  rowErrors: RowError[];
  warnings: string[];
  timings: { parseMs: number; writeMs: number; totalMs: number; statements?: Record<string, number> };
}

/** An import that failed as a whole; `jobId` names the FAILED ImportJob row, `summary` the rejected rows if any. */
export class ImportFailedError extends ValidationError {
  constructor(message: string, readonly jobId: string | null, readonly summary: ImportSummary | null = null) {
    super(message);
  }
}

const SOURCE_KEY_RE = /^[a-z][a-z0-9-]*:[^\s]{1,200}$/i;

export interface Prepared {
  actor: AuditActor;
  now: Date;
  inputs: InputSource[];
  fileName: string;
  fileHash: string;
  fileSize: number;
}

/** Checks the caller and the options, and fingerprints the input (SHA-256 over all files, streamed from disk). */
export function prepareImport(input: RunImportInput): Prepared {
  if (input.viewer !== undefined || !input.actor) assertCan(input.viewer, "import:run");
  const actor: AuditActor = input.viewer ? { id: input.viewer.id, email: input.viewer.email } : input.actor!;
  const inputs: InputSource[] = input.files ?? (input.buffer !== undefined ? [{ fileName: input.fileName ?? "upload", buffer: input.buffer }] : []);
  if (!inputs.length) throw new ValidationError("No file to import.");
  if (input.sourceKey !== undefined && !SOURCE_KEY_RE.test(input.sourceKey)) {
    throw new ValidationError(`Source key "${input.sourceKey}" is not of the form platform:account (e.g. aws:123456789012, k8s:prod-eu).`);
  }
  const hash = crypto.createHash("sha256");
  let fileSize = 0;
  for (const f of inputs) {
    if ("path" in f) {
      let fd: number | undefined;
      try {
        fd = fs.openSync(f.path, "r");
        const chunk = Buffer.alloc(1 << 20);
        for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
          hash.update(chunk.subarray(0, n));
          fileSize += n;
        }
      } catch (err) {
        throw new ValidationError(`Cannot read ${f.fileName}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    } else {
      const b = typeof f.buffer === "string" ? Buffer.from(f.buffer) : f.buffer;
      hash.update(b);
      fileSize += b.byteLength;
    }
  }
  return {
    actor,
    now: input.now ?? new Date(),
    inputs,
    fileName: inputs.map((f) => f.fileName).join(", ").slice(0, 500),
    fileHash: hash.digest("hex"),
    fileSize,
  };
}

/** Creates the job row of an import (RUNNING for an import run now, QUEUED for a background upload). */
export async function createImportJob(input: RunImportInput, p: Prepared, status: "QUEUED" | "RUNNING") {
  return db.importJob.create({
    data: {
      format: input.format,
      fileName: p.fileName,
      fileHash: p.fileHash,
      fileSize: BigInt(p.fileSize),
      status,
      phase: status === "QUEUED" ? "queued" : "parsing",
      startedById: input.viewer?.id ?? null,
      runnerId: RUNNER_ID,
      heartbeatAt: new Date(),
    },
    select: { id: true },
  });
}

/** Imports now: creates (or takes over) the job, runs it, returns the summary; ImportFailedError when nothing landed. */
export async function runImport(input: RunImportInput, prepared?: Prepared): Promise<ImportSummary> {
  const p = prepared ?? prepareImport(input);
  const jobId = input.jobId ?? (await createImportJob(input, p, "RUNNING")).id;
  if (input.jobId) {
    await db.importJob.update({ where: { id: jobId }, data: { status: "RUNNING", phase: "parsing", runnerId: RUNNER_ID, heartbeatAt: new Date() } });
  }
  const stop = startHeartbeat(jobId);
  try {
    return await execute(input, p, jobId);
  } finally {
    stop();
    if (!input.assessAfter) clearProgress(jobId);
  }
}

/**
 * What the import would do, without doing it: the same statements in a transaction that is rolled back. Nothing is
 * written, no job or audit event is recorded.
 */
export async function previewImport(input: RunImportInput): Promise<ImportSummary> {
  const p = prepareImport(input);
  return execute(input, p, null);
}

class Rollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super("rollback");
  }
}

async function execute(input: RunImportInput, p: Prepared, jobId: string | null): Promise<ImportSummary> {
  const t0 = performance.now();
  const dryRun = jobId === null;
  let formatName = input.format;
  const report = (progress: ImportProgress) => {
    if (jobId) setProgress(jobId, progress);
  };
  try {
    report({ phase: "parsing", rowsDone: 0, rowsTotal: null, fraction: 0 });
    const reader = openImport(input.format, p.inputs, { now: p.now, sourceKey: input.sourceKey, ...input.parseOptions });
    formatName = reader.format.name;
    const summary = await db.$transaction(
      async (tx) => {
        // Import statements are big and run once: JIT compilation costs more than it saves.
        await tx.$executeRawUnsafe("SET LOCAL jit = off");
        const s = await write(tx, { jobId, reader, input, p, report, t0 });
        if (dryRun || s.status === "FAILED") throw new Rollback(s);
        return s;
      },
      { timeout: 6 * 60 * 60_000, maxWait: 60_000 },
    );
    return summary;
  } catch (err) {
    if (err instanceof Rollback) {
      if (dryRun) return err.summary;
      // Not one record could be read: nothing lands, the job keeps the row errors.
      const s = err.summary;
      const message = `No record of ${p.fileName} could be imported: ${s.identities.failed} rejected (see the row errors).`;
      throw await fail(jobId!, formatName, p, err.summary, message);
    }
    if (dryRun) throw toExpected(err, null);
    throw await fail(jobId!, formatName, p, null, null, err);
  }
}

/** Expected problems keep their message; anything else is reported without internals. */
function toExpected(err: unknown, jobId: string | null): Error {
  if (err instanceof ImportFailedError) return err;
  if (err instanceof ValidationError) return new ImportFailedError(err.message, jobId);
  const e = err instanceof Error ? err : new Error(String(err));
  (e as Error & { jobId?: string | null }).jobId = jobId;
  return e;
}

/** Marks the job FAILED with the reason (the data transaction has rolled back) and returns the error to throw. */
async function fail(jobId: string, format: string, p: Prepared, summary: ImportSummary | null, message: string | null, err?: unknown): Promise<Error> {
  const expected = summary !== null || err instanceof ValidationError;
  // Unexpected errors are logged here and reported without internals (SQL, stack) to the user.
  if (!expected) console.error(`import ${jobId} failed`, err);
  const reason = message ?? (expected ? (err as Error).message : `The import failed because of an internal error; nothing was written. Reference: import ${jobId}.`);
  const errors = [
    { level: "error", message: reason },
    ...(summary?.rowErrors ?? []).map((e) => ({ level: "error", ...e })),
  ];
  try {
    await db.importJob.update({
      where: { id: jobId },
      data: {
        status: "FAILED",
        format,
        phase: null,
        progress: Prisma.DbNull,
        failed: summary?.identities.failed ?? 0,
        errors: errors as Prisma.InputJsonValue,
        summary: summary ? (JSON.parse(JSON.stringify({ ...summary, status: "FAILED" })) as Prisma.InputJsonValue) : Prisma.DbNull,
        finishedAt: new Date(),
      },
    });
    await recordAuditStandalone({
      actor: p.actor, action: "import.run", targetType: "ImportJob", targetId: jobId,
      meta: { status: "FAILED", format, fileName: p.fileName, fileHash: p.fileHash, error: reason },
    });
  } catch {
    // The database itself may be what failed: the original error is the one to report.
  }
  clearProgress(jobId);
  if (expected) return new ImportFailedError(reason, jobId, summary ? { ...summary, status: "FAILED", jobId } : null);
  if (!(err instanceof Error)) return new Error(reason);
  (err as Error & { jobId?: string }).jobId = jobId;
  return err;
}

interface WriteArgs {
  jobId: string | null;
  reader: ImportReader;
  input: RunImportInput;
  p: Prepared;
  report: (p: ImportProgress) => void;
  t0: number;
}

interface SourceRow { id: string; environment: Environment }

async function write(tx: Tx, a: WriteArgs): Promise<ImportSummary> {
  const { reader, input, p } = a;
  const now = p.now;
  const jobKey = a.jobId ?? "preview";
  const mainKey = input.sourceKey ?? reader.sourceKey ?? `${reader.platform}:default`;
  if (!SOURCE_KEY_RE.test(mainKey)) throw new ValidationError(`Source key "${mainKey}" is not of the form platform:account.`);

  // Sources on first use, each under its advisory lock (held until commit).
  const sources = new Map<string, SourceRow>();
  const source = async (key: string): Promise<SourceRow> => {
    const known = sources.get(key);
    if (known) return known;
    if (!SOURCE_KEY_RE.test(key)) throw new ValidationError(`Source key "${key}" is not of the form platform:account.`);
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_NS}, hashtext(${key}))`);
    const s = await tx.source.upsert({
      where: { key },
      create: { key, platform: key.split(":")[0], name: key, environment: input.sourceEnvironment ?? "UNKNOWN", lastImportAt: now },
      update: { lastImportAt: now },
      select: { id: true, environment: true },
    });
    sources.set(key, s);
    return s;
  };

  const counts = { created: 0, updated: 0, unchanged: 0 };
  const creds: ChildCounts = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
  const ents: ChildCounts = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
  const owners = { assigned: 0, suggested: 0 };
  // Sources that had records in the file; the ids themselves are staged in the database (markSeen), so memory does
  // not grow with the file.
  const seenSources = new Set<string>();
  await createSeenTable(tx);
  await createUsersTable(tx);
  const unusedBefore = daysAgo(UNUSED_WINDOW_DAYS, now);
  const refreshBefore = new Date(now.getTime() - SEEN_REFRESH_MS);
  const size = Math.max(1, input.batchSize ?? DEFAULT_BATCH);
  let dupInBatch = 0;
  let parseMs = 0;
  let writeMs = 0;
  let written = 0;
  const stmt: Record<string, number> = {};
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    if (!input.profile) return run();
    const t = performance.now();
    try {
      return await run();
    } finally {
      stmt[label] = Math.round((stmt[label] ?? 0) + performance.now() - t);
    }
  };

  const batches = reader.batches(size);
  // The next batch is read while the database writes this one (parsing runs between the statements' round trips).
  // A failure of the read ahead surfaces when it is awaited; the handler only keeps it from being "unhandled".
  const readAhead = () => {
    const p = batches.next();
    p.catch(() => {});
    return p;
  };
  let ahead = readAhead();
  try {
    for (;;) {
      const tRead = performance.now();
      const next = await ahead;
      parseMs += performance.now() - tRead;
      if (next.done) break;
      ahead = readAhead();
      const tWrite = performance.now();
      const batch = dedupeBatch(next.value, mainKey, () => dupInBatch++);
      if (!batch.length) continue;
      for (const key of [...new Set(batch.map((i) => i.sourceKey!))].sort()) await source(key);
      const sourceOf = (i: NormalizedIdentity) => sources.get(i.sourceKey!)!;

      const rows = await timed("identities", () => upsertIdentities(tx, identityRows(batch, sourceOf, now, unusedBefore), jobKey, now, refreshBefore));
      const byKey = new Map(rows.map((r) => [`${r.sourceId}\u0001${r.externalId}`, r]));
      const ids = batch.map((i) => byKey.get(`${sourceOf(i).id}\u0001${clean(i.externalId)}`)!);
      const changed = new Set<string>();
      const stated: StatedOwners = { id: [], email: [] };
      const hints: OwnerHintRows = { id: [], email: [], origin: [], ord: [] };
      const onBehalf = { id: [] as string[], email: [] as string[] };
      // Identities met for the first time in this file (an unsorted CSV can bring one back in a later batch).
      const firstSeen = await timed("seen", () => markSeen(tx, ids.map((r) => r.id)));
      batch.forEach((identity, k) => {
        const r = ids[k];
        seenSources.add(sourceOf(identity).id);
        if (r.changed) changed.add(r.id);
        // A new NHI got its stated owner in its INSERT (upsertIdentities); an existing one is handled here.
        if (r.ownerSet) owners.assigned++;
        else if (!r.inserted && identity.owner && EMAIL_RE.test(identity.owner)) { stated.id.push(r.id); stated.email.push(identity.owner); }
        identity.ownerHints.forEach((h, ord) => {
          if (!EMAIL_RE.test(h)) return;
          hints.id.push(r.id); hints.email.push(h); hints.ord.push(ord);
          hints.origin.push(identity.ownerHintOrigins?.[h] ?? `${reader.format.name} owner hint`);
        });
        if (identity.onBehalfOf && EMAIL_RE.test(identity.onBehalfOf)) { onBehalf.id.push(r.id); onBehalf.email.push(identity.onBehalfOf); }
      });

      // Credentials
      const cr = credentialRows(batch, ids, now);
      const credOut = cr.id.length ? await timed("credentials", () => upsertCredentials(tx, cr, jobKey, now, refreshBefore)) : [];
      tally(credOut, creds, changed);
      // A new identity has nothing older to revoke.
      const credComplete = batch.flatMap((i, k) => (i.credentialsComplete && !ids[k].inserted ? [ids[k].id] : []));
      const credRevoked = await timed("revokeCredentials", () => revokeMissingCredentials(tx, jobKey, now, credComplete, credOut.map((r) => r.id)));
      creds.revoked += credRevoked.length;
      credRevoked.forEach((id) => changed.add(id));

      // Entitlements
      const er = entitlementRows(batch, ids);
      const entOut = er.id.length ? await timed("entitlements", () => upsertEntitlements(tx, er, jobKey, now, refreshBefore)) : [];
      tally(entOut, ents, changed);
      const whole: string[] = [];
      const scoped = { identityId: [] as string[], resource: [] as string[] };
      batch.forEach((i, k) => {
        if (!i.entitlementsComplete || ids[k].inserted) return;
        if (!i.entitlementResources) whole.push(ids[k].id);
        else for (const r of i.entitlementResources) { scoped.identityId.push(ids[k].id); scoped.resource.push(r); }
      });
      const entRevoked = await timed("revokeEntitlements", () => revokeMissingEntitlements(tx, jobKey, now, whole, scoped, entOut.map((r) => r.id)));
      ents.revoked += entRevoked.length;
      entRevoked.forEach((id) => changed.add(id));

      batch.forEach((_identity, k) => {
        const r = ids[k];
        // An identity whose rows came back in a later batch (an unsorted CSV) is counted once.
        if (!firstSeen.has(r.id)) return;
        if (r.inserted) counts.created++;
        else if (changed.has(r.id)) counts.updated++;
        else counts.unchanged++;
      });
      // New identities whose file lists all credentials and entitlements got exact rollups in the upsert; identities
      // not written at all (unchanged, seen recently) and whose children did not change keep theirs.
      const childTouched = new Set<string>();
      for (const c of credOut) if (c.touched) childTouched.add(c.identityId);
      for (const e of entOut) if (e.touched) childTouched.add(e.identityId);
      await timed("rollups", () => recomputeRollups(
        tx,
        ids.filter((r, k) => (r.inserted ? !rollupKnown(batch[k]) : r.touched || changed.has(r.id) || childTouched.has(r.id))).map((r) => r.id),
        unusedBefore,
      ));

      const o = await timed("owners", () => applyStatedOwners(tx, jobKey, now, stated));
      owners.assigned += o.assigned;
      owners.suggested += o.suggested + (await timed("owners", () => suggestOwners(tx, jobKey, now, hints)));
      await timed("owners", () => matchOnBehalfOf(tx, onBehalf));

      written += batch.length;
      writeMs += performance.now() - tWrite;
      a.report({ phase: "writing", rowsDone: written, rowsTotal: reader.total, fraction: reader.fraction() });
    }
  } finally {
    // Closes the file when the write failed half-way.
    void batches.return(undefined).catch(() => {});
  }

  const tEnd = performance.now();
  const result = reader.result();
  const warnings = [...result.warnings];
  if (dupInBatch) warnings.push(`${dupInBatch} record(s) repeat a key already imported from this file and were skipped`);
  if (input.sourceKey && input.sourceKey.split(":")[0] !== reader.platform && reader.platform !== "manual") {
    warnings.push(`Source "${input.sourceKey}" does not look like a ${reader.platform} source`);
  }

  // Identities a full export no longer lists.
  let deletedAtSource = 0;
  const scope: FullScope | null = input.fullInventory === true ? result.fullScope ?? {} : input.fullInventory === false ? null : result.fullScope;
  if (scope) {
    await source(mainKey);
    for (const [key, s] of sources) {
      // Only sources this file actually speaks for (the main one, or those its records name).
      if (key !== mainKey && !seenSources.has(s.id)) continue;
      deletedAtSource += await markDeletedAtSource(tx, jobKey, now, deletedWhere(s.id, scope));
    }
  }

  const used = [...sources].filter(([key, s]) => key === mainKey ? seenSources.has(s.id) || scope !== null : seenSources.has(s.id)).map(([k]) => k).sort();
  const mainSource = input.sourceKey ?? result.sourceKey ?? (used.length === 1 ? used[0] : mainKey);
  if (!input.sourceKey && !result.sourceKey && !reader.sourceKey && used.includes(mainKey) && mainKey.endsWith(":default")) {
    warnings.push(`The file does not say which account it came from: imported into source "${mainKey}" (choose one with --source)`);
  }
  const failed = result.rowErrors.length;
  const landed = counts.created + counts.updated + counts.unchanged + deletedAtSource;
  const status = landed === 0 && failed > 0 ? "FAILED" : failed > 0 ? "PARTIAL" : "SUCCEEDED";
  const identities = { ...counts, failed, deletedAtSource };
  writeMs += performance.now() - tEnd;

  const summary: ImportSummary = {
    jobId: a.jobId,
    dryRun: a.jobId === null,
    status,
    format: reader.format.name,
    formatLabel: reader.format.label,
    source: mainSource,
    sourceKeys: used.length ? used : [mainSource],
    fileName: p.fileName,
    fileHash: p.fileHash,
    fileSize: p.fileSize,
    recordsRead: result.recordsRead,
    identities,
    credentials: creds,
    entitlements: ents,
    owners,
    rowErrors: result.rowErrors.slice(0, MAX_STORED_ERRORS),
    warnings,
    timings: { parseMs: Math.round(parseMs), writeMs: Math.round(writeMs), totalMs: Math.round(performance.now() - a.t0), ...(input.profile ? { statements: stmt } : {}) },
  };
  if (!a.jobId || status === "FAILED") return summary;

  const errors = [
    ...summary.rowErrors.map((e) => ({ level: "error", ...e })),
    ...(failed > MAX_STORED_ERRORS ? [{ level: "error", message: `${failed - MAX_STORED_ERRORS} more row errors not stored` }] : []),
    ...warnings.map((message) => ({ level: "warning", message })),
  ];
  const mainRow = sources.get(mainSource) ?? (used.length ? sources.get(used[0]) : undefined);
  await tx.importJob.update({
    where: { id: a.jobId },
    data: {
      sourceId: mainRow?.id ?? null,
      format: summary.format,
      status,
      phase: input.assessAfter ? "assessing" : null,
      progress: Prisma.DbNull,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      failed,
      deletedAtSource,
      errors: errors as Prisma.InputJsonValue,
      summary: JSON.parse(JSON.stringify(summary)) as Prisma.InputJsonValue,
      finishedAt: new Date(),
    },
  });
  await recordAudit(tx, {
    actor: p.actor,
    action: "import.run",
    targetType: "ImportJob",
    targetId: a.jobId,
    after: { status, identities, credentials: creds, entitlements: ents, owners },
    meta: { format: summary.format, sources: summary.sourceKeys, fileName: p.fileName, fileHash: p.fileHash, recordsRead: result.recordsRead, warnings: warnings.length },
  });
  // Remediation work this import shows done (a revoked grant, a rotated key, a deleted NHI) closes with it.
  await closeVerifiedTasks(tx, { now: new Date(), importJobId: a.jobId });
  return summary;
}

/** One record per (source, externalId) in a batch (one row cannot be upserted twice in a statement). */
function dedupeBatch(list: NormalizedIdentity[], mainKey: string, onDup: () => void): NormalizedIdentity[] {
  const seen = new Set<string>();
  const out: NormalizedIdentity[] = [];
  for (const i of list) {
    const sourceKey = i.sourceKey ?? mainKey;
    const key = `${sourceKey}\u0001${clean(i.externalId)}`;
    if (seen.has(key)) { onDup(); continue; }
    seen.add(key);
    out.push({ ...i, sourceKey });
  }
  return out;
}

function tally(rows: { identityId: string; inserted: boolean; changed: boolean }[], c: ChildCounts, changed: Set<string>): void {
  for (const r of rows) {
    if (r.inserted) c.created++;
    else if (r.changed) c.updated++;
    else c.unchanged++;
    if (r.inserted || r.changed) changed.add(r.identityId);
  }
}

function deletedWhere(sourceId: string, scope: FullScope): Prisma.Sql {
  const conds: Prisma.Sql[] = [
    Prisma.sql`"sourceId" = ${sourceId}`,
    Prisma.sql`status <> 'DELETED_AT_SOURCE'`,
    // Not among the identities this file listed (staged by markSeen): an anti-join, one statement per source.
    Prisma.sql`NOT EXISTS (SELECT 1 FROM pg_temp.${Prisma.raw(SEEN_TABLE)} s WHERE s.id = "Identity".id)`,
  ];
  if (scope.kinds?.length) conds.push(Prisma.sql`kind::text = ANY(${scope.kinds}::text[])`);
  if (scope.externalIdPrefixes?.length) {
    conds.push(Prisma.sql`EXISTS (SELECT 1 FROM unnest(${scope.externalIdPrefixes}::text[]) p WHERE starts_with("externalId", p))`);
  }
  if (scope.excludeExternalIdPrefixes?.length) {
    conds.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM unnest(${scope.excludeExternalIdPrefixes}::text[]) p WHERE starts_with("externalId", p))`);
  }
  return Prisma.join(conds, " AND ");
}

const rollupKnown = (i: NormalizedIdentity) => i.credentialsComplete && i.entitlementsComplete && !i.entitlementResources;

/** The rollup columns as the database will compute them for a new identity written from this record. */
function fileRollups(i: NormalizedIdentity, now: Date, unusedBefore: Date) {
  let credentialCount = 0;
  let oldest: Date | null = null;
  for (const c of i.credentials) {
    if (c.status !== "REVOKED") credentialCount++;
    if (c.status !== "ACTIVE" || c.ephemeral) continue;
    // Same fallbacks as credentialRows / upsertCredentials: createdAt ?? lastRotatedAt ?? identity creation ?? now.
    const t = c.lastRotatedAt ?? c.createdAt ?? i.createdAtSource ?? now;
    if (!oldest || t < oldest) oldest = t;
  }
  let entitlementCount = 0;
  let unusedEntitlements = 0;
  for (const e of i.entitlements) {
    if ((e.status ?? "ACTIVE") !== "ACTIVE") continue;
    entitlementCount++;
    if (!e.lastUsedAt || e.lastUsedAt < unusedBefore) unusedEntitlements++;
  }
  return { credentialCount, oldest, entitlementCount, unusedEntitlements };
}

function identityRows(batch: NormalizedIdentity[], sourceOf: (i: NormalizedIdentity) => SourceRow, now: Date, unusedBefore: Date): IdentityRows {
  const r: IdentityRows = {
    id: newIds(batch.length), sourceId: [], externalId: [], name: [], kind: [], status: [], environment: [], createdAtSource: [], lastUsedAt: [], purpose: [],
    platformManaged: [], tags: [], delegatedScopes: [], rollupKnown: [], credentialCount: [], oldestCredentialAt: [], entitlementCount: [], unusedEntitlements: [],
    hasAccess: [], ownerEmail: [],
  };
  for (const i of batch) {
    const known = rollupKnown(i);
    const roll = known ? fileRollups(i, now, unusedBefore) : null;
    r.rollupKnown.push(known);
    r.credentialCount.push(roll?.credentialCount ?? 0);
    r.oldestCredentialAt.push(iso(roll?.oldest));
    r.entitlementCount.push(roll?.entitlementCount ?? 0);
    r.unusedEntitlements.push(roll?.unusedEntitlements ?? 0);
    r.hasAccess.push(i.credentials.some((c) => c.status === "ACTIVE") || i.entitlements.some((e) => (e.status ?? "ACTIVE") === "ACTIVE"));
    const s = sourceOf(i);
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(i.tags)) tags[clean(k)!] = clean(String(v))!;
    // Hints stay visible on the NHI (logins, safes and teams are not users; e-mail hints are also suggestions).
    if (i.ownerHints.length) tags["owner:hints"] = clean(i.ownerHints.join(", ").slice(0, 500))!;
    r.sourceId.push(s.id);
    r.externalId.push(clean(i.externalId)!);
    r.name.push(clean(i.name)!);
    r.kind.push(i.kind);
    r.status.push(i.status);
    r.environment.push(i.environment ?? s.environment ?? "UNKNOWN");
    r.createdAtSource.push(iso(i.createdAtSource));
    r.lastUsedAt.push(iso(i.lastUsedAt));
    r.purpose.push(clean(i.purpose ?? null));
    r.platformManaged.push(i.platformManaged);
    r.tags.push(JSON.stringify(tags));
    r.delegatedScopes.push(JSON.stringify((i.delegatedScopes ?? []).map((x) => clean(x))));
    r.ownerEmail.push(i.owner && EMAIL_RE.test(i.owner) ? i.owner.toLowerCase() : null);
  }
  return r;
}

function credentialRows(batch: NormalizedIdentity[], ids: { id: string; inserted: boolean }[], now: Date): CredentialRows {
  const r: CredentialRows = {
    id: [], identityId: [], identityIsNew: [], externalId: [], type: [], name: [], status: [], createdAt: [], fallbackCreatedAt: [], lastRotatedAt: [],
    lastUsedAt: [], expiresAt: [], fingerprint: [], storage: [], ephemeral: [],
  };
  const nowIso = now.toISOString();
  batch.forEach((i, k) => {
    for (const c of i.credentials) {
      r.identityId.push(ids[k].id);
      r.identityIsNew.push(ids[k].inserted);
      r.externalId.push(clean(c.externalId)!);
      r.type.push(c.type);
      r.name.push(clean(c.name ?? null));
      r.status.push(c.status);
      r.createdAt.push(iso(c.createdAt ?? c.lastRotatedAt));
      r.fallbackCreatedAt.push(iso(i.createdAtSource) ?? nowIso);
      r.lastRotatedAt.push(iso(c.lastRotatedAt));
      r.lastUsedAt.push(iso(c.lastUsedAt));
      r.expiresAt.push(iso(c.expiresAt));
      r.fingerprint.push(clean(c.fingerprint ?? null));
      r.storage.push(clean(c.storage ?? null));
      r.ephemeral.push(c.ephemeral ?? false);
    }
  });
  r.id = newIds(r.identityId.length);
  return r;
}

function entitlementRows(batch: NormalizedIdentity[], ids: { id: string; inserted: boolean }[]): EntitlementRows {
  const r: EntitlementRows = {
    id: [], identityId: [], identityIsNew: [], resource: [], permission: [], privilege: [], sensitivity: [], via: [], viaName: [], condition: [],
    grantedAt: [], expiresAt: [], lastUsedAt: [], status: [],
  };
  batch.forEach((i, k) => {
    for (const e of i.entitlements) {
      r.identityId.push(ids[k].id);
      r.identityIsNew.push(ids[k].inserted);
      r.resource.push(clean(e.resource)!);
      r.permission.push(clean(e.permission)!);
      r.privilege.push(e.privilege);
      r.sensitivity.push(e.sensitivity);
      r.via.push(e.via);
      r.viaName.push(clean(e.viaName ?? null));
      r.condition.push(e.condition === undefined || e.condition === null ? null : JSON.stringify(e.condition, (_k, v: unknown) => (typeof v === "string" ? clean(v) : v)));
      r.grantedAt.push(iso(e.grantedAt));
      r.expiresAt.push(iso(e.expiresAt));
      r.lastUsedAt.push(iso(e.lastUsedAt));
      r.status.push(e.status ?? "ACTIVE");
    }
  });
  r.id = newIds(r.identityId.length);
  return r;
}
