// The import pipeline: file(s) → parser (lib/importers) → set-based upserts, in one transaction.
//
// 1. An ImportJob is created (RUNNING) in its own statement, so a failed import still leaves a FAILED job with the
//    reason; everything else happens in ONE transaction: nothing is half-written.
// 2. Sources are upserted (lastImportAt); an advisory lock per source serializes concurrent imports of one source.
// 3. Identities, credentials and entitlements are upserted in batches (one INSERT .. ON CONFLICT per table per
//    batch, thousands of rows per statement) on the schema's unique keys; each row says inserted / changed.
// 4. Credentials and entitlements the file no longer lists for identities it fully describes become REVOKED;
//    identities of a FULL export's scope that it no longer lists become DELETED_AT_SOURCE.
// 5. Rollups (credentialCount, oldestCredentialAt, entitlementCount, unusedEntitlements) are recomputed for the
//    touched identities; owner hints are matched to users by e-mail (only where the NHI has no owner yet).
// 6. One audit event "import.run" with the counts; the job is finished SUCCEEDED / PARTIAL (row errors) / FAILED.
import crypto from "node:crypto";
import { db, Prisma, type Environment, type Tx } from "../db";
import { recordAudit, recordAuditStandalone, type AuditActor } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { ValidationError } from "../errors";
import { daysAgo, UNUSED_WINDOW_DAYS } from "../identities/rules";
import { parseImport, toImportFile, type InputFile } from "../importers";
import type { FullScope, ImportResult, NormalizedIdentity, ParseOptions, RowError } from "../importers/types";
import { EMAIL_RE } from "../importers/util";
import {
  clean, iso, matchOnBehalfOf, matchOwners, newIds, recomputeRollups, revokeMissingCredentials, revokeMissingEntitlements,
  upsertCredentials, upsertEntitlements, upsertIdentities, type CredentialRows, type EntitlementRows, type IdentityRows,
} from "./sql";

const IMPORT_LOCK_NS = 727_003_020;
const MAX_STORED_ERRORS = 1000;
const DEFAULT_BATCH = 5000;
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
  /** ...or several files of one format (GCP accounts + keys + policy, Azure SPs + apps). */
  files?: InputFile[];
  /** Source key (aws:123456789012...); default: what the file names, else "<platform>:default". */
  sourceKey?: string;
  /** Environment of a source created by this import. */
  sourceEnvironment?: Environment;
  /** Override the format's own notion: true = the file is the complete inventory of its source, false = partial. */
  fullInventory?: boolean;
  now?: Date;
  parseOptions?: ParseOptions;
  /** Identities per statement (default 5000). */
  batchSize?: number;
}

export interface ChildCounts { created: number; updated: number; unchanged: number; revoked: number }

export interface ImportSummary {
  jobId: string;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  format: string;
  sourceKeys: string[];
  fileName: string;
  fileHash: string;
  recordsRead: number;
  identities: { created: number; updated: number; unchanged: number; failed: number; deletedAtSource: number };
  credentials: ChildCounts;
  entitlements: ChildCounts;
  ownersMatched: number;
  rowErrors: RowError[];
  warnings: string[];
  timings: { parseMs: number; writeMs: number; totalMs: number };
}

/** Every record of the file was rejected: refused as a whole, before anything is written. */
export class RowsRejectedError extends ValidationError {
  constructor(readonly rowErrors: RowError[]) {
    super(`No record in the file could be read (${rowErrors.length} rejected): nothing was imported. ${rowErrors[0]?.message ?? ""}`.trim());
  }
}

/** An import that failed as a whole; `jobId` names the FAILED ImportJob row. */
export class ImportFailedError extends ValidationError {
  constructor(message: string, readonly jobId: string) {
    super(message);
  }
}

const SOURCE_KEY_RE = /^[a-z][a-z0-9-]*:[^\s]{1,200}$/i;

export async function runImport(input: RunImportInput): Promise<ImportSummary> {
  const t0 = performance.now();
  if (input.viewer !== undefined || !input.actor) assertCan(input.viewer, "import:run");
  const actor: AuditActor = input.viewer ? { id: input.viewer.id, email: input.viewer.email } : input.actor!;
  const now = input.now ?? new Date();
  const inputs: InputFile[] = input.files ?? (input.buffer !== undefined ? [{ fileName: input.fileName ?? "upload", buffer: input.buffer }] : []);
  if (!inputs.length) throw new ValidationError("No file to import.");
  if (input.sourceKey !== undefined && !SOURCE_KEY_RE.test(input.sourceKey)) {
    throw new ValidationError(`Source key "${input.sourceKey}" is not of the form platform:account (e.g. aws:123456789012, k8s:prod-eu).`);
  }
  const fileName = inputs.map((f) => f.fileName).join(", ").slice(0, 500);
  const hash = crypto.createHash("sha256");
  for (const f of inputs) hash.update(typeof f.buffer === "string" ? Buffer.from(f.buffer) : f.buffer);
  const fileHash = hash.digest("hex");

  const job = await db.importJob.create({
    data: { format: input.format, fileName, fileHash, status: "RUNNING", startedById: input.viewer?.id ?? null },
    select: { id: true },
  });

  let parsed: ImportResult;
  let formatName = input.format;
  const tParse = performance.now();
  try {
    const files = inputs.map(toImportFile);
    const out = parseImport(input.format, files, { now, sourceKey: input.sourceKey, ...input.parseOptions });
    parsed = out.result;
    formatName = out.format.name;
  } catch (err) {
    throw await fail(job.id, formatName, fileName, fileHash, actor, err);
  }
  const parseMs = performance.now() - tParse;

  const tWrite = performance.now();
  try {
    const summary = await db.$transaction(
      (tx) => write(tx, { jobId: job.id, parsed, input, now, actor, fileName, fileHash, formatName }),
      { timeout: 60 * 60_000, maxWait: 60_000 },
    );
    const writeMs = performance.now() - tWrite;
    return { ...summary, timings: { parseMs: Math.round(parseMs), writeMs: Math.round(writeMs), totalMs: Math.round(performance.now() - t0) } };
  } catch (err) {
    throw await fail(job.id, formatName, fileName, fileHash, actor, err);
  }
}

/** Marks the job FAILED with the reason (the data transaction has rolled back) and returns the error to throw. */
async function fail(jobId: string, format: string, fileName: string, fileHash: string, actor: AuditActor, err: unknown): Promise<Error> {
  const expected = err instanceof ValidationError;
  const message = expected ? (err as Error).message : `Import failed: ${(err as Error)?.message ?? String(err)}`;
  try {
    await db.importJob.update({
      where: { id: jobId },
      data: {
        status: "FAILED",
        format,
        errors: [
          { level: "error", message },
          ...(err instanceof RowsRejectedError ? err.rowErrors.slice(0, MAX_STORED_ERRORS).map((e) => ({ level: "error", ...e })) : []),
        ] as Prisma.InputJsonValue,
        finishedAt: new Date(),
      },
    });
    await recordAuditStandalone({ actor, action: "import.run", targetType: "ImportJob", targetId: jobId, meta: { status: "FAILED", format, fileName, fileHash, error: message } });
  } catch {
    // The database itself may be what failed: the original error is the one to report.
  }
  if (expected) return new ImportFailedError(message, jobId);
  const e = err instanceof Error ? err : new Error(message);
  (e as Error & { jobId?: string }).jobId = jobId;
  return e;
}

interface WriteArgs {
  jobId: string;
  parsed: ImportResult;
  input: RunImportInput;
  now: Date;
  actor: AuditActor;
  fileName: string;
  fileHash: string;
  formatName: string;
}

async function write(tx: Tx, a: WriteArgs): Promise<Omit<ImportSummary, "timings">> {
  const { parsed, input, now } = a;
  const warnings = [...parsed.warnings];
  const mainKey = input.sourceKey ?? parsed.sourceKey ?? `${parsed.platform}:default`;
  if (!input.sourceKey && !parsed.sourceKey && !parsed.identities.every((i) => i.sourceKey)) {
    warnings.push(`The file does not say which account it came from: imported into source "${mainKey}" (choose one with --source)`);
  }

  if (input.sourceKey && input.sourceKey.split(":")[0] !== parsed.platform && parsed.platform !== "manual") {
    warnings.push(`Source "${input.sourceKey}" does not look like a ${parsed.platform} source`);
  }
  const identitiesIn = dedupe(parsed.identities, mainKey, warnings);
  // Nothing readable: refuse before any write. A full export whose every record was rejected must not create an
  // empty source, nor mark every NHI of its source deleted.
  if (!identitiesIn.length && parsed.rowErrors.length) throw new RowsRejectedError(parsed.rowErrors);

  // Sources, locked in key order so two imports never wait on each other in opposite orders.
  const keys = [...new Set([mainKey, ...identitiesIn.map((i) => i.sourceKey!)])].sort();
  const sources = new Map<string, { id: string; environment: Environment }>();
  for (const key of keys) {
    if (!SOURCE_KEY_RE.test(key)) throw new ValidationError(`Source key "${key}" is not of the form platform:account.`);
    await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_NS}, hashtext(${key}))`);
    const s = await tx.source.upsert({
      where: { key },
      create: { key, platform: key.split(":")[0], name: key, environment: input.sourceEnvironment ?? "UNKNOWN", lastImportAt: now },
      update: { lastImportAt: now },
      select: { id: true, environment: true },
    });
    sources.set(key, s);
  }

  const counts = { created: 0, updated: 0, unchanged: 0 };
  const creds: ChildCounts = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
  const ents: ChildCounts = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
  const seenIdentityIds = new Map<string, string[]>(); // sourceId → ids
  const hints = { id: [] as string[], email: [] as string[], ord: [] as number[] };
  const onBehalf = { id: [] as string[], email: [] as string[] };
  const unusedBefore = daysAgo(UNUSED_WINDOW_DAYS, now);
  const refreshBefore = new Date(now.getTime() - SEEN_REFRESH_MS);
  const size = Math.max(1, input.batchSize ?? DEFAULT_BATCH);

  for (let off = 0; off < identitiesIn.length; off += size) {
    const batch = identitiesIn.slice(off, off + size);
    const sourceOf = (i: NormalizedIdentity) => sources.get(i.sourceKey!)!;
    const rows = await upsertIdentities(tx, identityRows(batch, sourceOf, now, unusedBefore), now, refreshBefore);
    const idOf = new Map<string, { id: string; inserted: boolean; changed: boolean; touched: boolean }>();
    for (const r of rows) idOf.set(`${r.sourceId}\u0001${r.externalId}`, r);
    const ids = batch.map((i) => idOf.get(`${sourceOf(i).id}\u0001${clean(i.externalId)}`)!);
    const changed = new Set<string>();
    batch.forEach((identity, k) => {
      const r = ids[k];
      const sid = sourceOf(identity).id;
      if (!seenIdentityIds.has(sid)) seenIdentityIds.set(sid, []);
      seenIdentityIds.get(sid)!.push(r.id);
      if (r.changed) changed.add(r.id);
      identity.ownerHints.forEach((h, ord) => {
        if (EMAIL_RE.test(h)) { hints.id.push(r.id); hints.email.push(h); hints.ord.push(ord); }
      });
      if (identity.onBehalfOf && EMAIL_RE.test(identity.onBehalfOf)) { onBehalf.id.push(r.id); onBehalf.email.push(identity.onBehalfOf); }
    });

    // Credentials
    const cr = credentialRows(batch, ids, now);
    const credOut = cr.id.length ? await upsertCredentials(tx, cr, now, refreshBefore) : [];
    tally(credOut, creds, changed);
    // A new identity has nothing older to revoke.
    const credComplete = batch.flatMap((i, k) => (i.credentialsComplete && !ids[k].inserted ? [ids[k].id] : []));
    const credRevoked = await revokeMissingCredentials(tx, credComplete, credOut.map((r) => r.id));
    creds.revoked += credRevoked.length;
    credRevoked.forEach((id) => changed.add(id));

    // Entitlements
    const er = entitlementRows(batch, ids);
    const entOut = er.id.length ? await upsertEntitlements(tx, er, now, refreshBefore) : [];
    tally(entOut, ents, changed);
    const whole: string[] = [];
    const scoped = { identityId: [] as string[], resource: [] as string[] };
    batch.forEach((i, k) => {
      if (!i.entitlementsComplete || ids[k].inserted) return;
      if (!i.entitlementResources) whole.push(ids[k].id);
      else for (const r of i.entitlementResources) { scoped.identityId.push(ids[k].id); scoped.resource.push(r); }
    });
    const entRevoked = await revokeMissingEntitlements(tx, whole, scoped, entOut.map((r) => r.id));
    ents.revoked += entRevoked.length;
    entRevoked.forEach((id) => changed.add(id));

    for (const r of ids) {
      if (r.inserted) counts.created++;
      else if (changed.has(r.id)) counts.updated++;
      else counts.unchanged++;
    }
    // New identities whose file lists all credentials and entitlements got exact rollups in the upsert; identities
    // not written at all (unchanged, seen recently) and whose children did not change keep theirs.
    const childTouched = new Set<string>();
    for (const c of credOut) if (c.touched) childTouched.add(c.identityId);
    for (const e of entOut) if (e.touched) childTouched.add(e.identityId);
    await recomputeRollups(
      tx,
      ids.filter((r, k) => (r.inserted ? !rollupKnown(batch[k]) : r.touched || changed.has(r.id) || childTouched.has(r.id))).map((r) => r.id),
      unusedBefore,
    );
  }

  // Identities a full export no longer lists.
  let deletedAtSource = 0;
  const scope: FullScope | null = input.fullInventory === true ? parsed.fullScope ?? {} : input.fullInventory === false ? null : parsed.fullScope;
  if (scope) {
    for (const key of keys) {
      const s = sources.get(key)!;
      // Only sources this file actually speaks for (the main one, or those its records name).
      if (key !== mainKey && !seenIdentityIds.has(s.id)) continue;
      deletedAtSource += await markDeleted(tx, s.id, scope, seenIdentityIds.get(s.id) ?? [], now);
    }
  }

  const ownersMatched = await matchOwners(tx, hints);
  await matchOnBehalfOf(tx, onBehalf);

  const failed = parsed.rowErrors.length;
  const status = identitiesIn.length === 0 && failed > 0 ? "FAILED" : failed > 0 ? "PARTIAL" : "SUCCEEDED";
  const identities = { ...counts, failed, deletedAtSource };
  const sourceKeys = keys.filter((k) => k === mainKey || seenIdentityIds.has(sources.get(k)!.id));
  const errors = [
    ...parsed.rowErrors.slice(0, MAX_STORED_ERRORS).map((e) => ({ level: "error", ...e })),
    ...(failed > MAX_STORED_ERRORS ? [{ level: "error", message: `${failed - MAX_STORED_ERRORS} more row errors not stored` }] : []),
    ...warnings.map((message) => ({ level: "warning", message })),
  ];
  await tx.importJob.update({
    where: { id: a.jobId },
    data: {
      sourceId: sources.get(mainKey)!.id,
      format: a.formatName,
      status,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      failed,
      errors: errors as Prisma.InputJsonValue,
      finishedAt: new Date(),
    },
  });
  await recordAudit(tx, {
    actor: a.actor,
    action: "import.run",
    targetType: "ImportJob",
    targetId: a.jobId,
    after: { status, identities, credentials: creds, entitlements: ents, ownersMatched },
    meta: { format: a.formatName, sources: sourceKeys, fileName: a.fileName, fileHash: a.fileHash, recordsRead: parsed.recordsRead, warnings: warnings.length },
  });
  return {
    jobId: a.jobId,
    status,
    format: a.formatName,
    sourceKeys,
    fileName: a.fileName,
    fileHash: a.fileHash,
    recordsRead: parsed.recordsRead,
    identities,
    credentials: creds,
    entitlements: ents,
    ownersMatched,
    rowErrors: parsed.rowErrors,
    warnings,
  };
}

/** One record per (source, externalId) as PostgreSQL will see it (one row cannot be upserted twice in a statement). */
function dedupe(list: NormalizedIdentity[], mainKey: string, warnings: string[]): NormalizedIdentity[] {
  const seen = new Set<string>();
  const out: NormalizedIdentity[] = [];
  let dup = 0;
  for (const i of list) {
    const sourceKey = i.sourceKey ?? mainKey;
    const key = `${sourceKey}\u0001${clean(i.externalId)}`;
    if (seen.has(key)) { dup++; continue; }
    seen.add(key);
    out.push({ ...i, sourceKey });
  }
  if (dup) warnings.push(`${dup} record(s) repeat a key already imported from this file and were skipped`);
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

async function markDeleted(tx: Tx, sourceId: string, scope: FullScope, seen: string[], now: Date): Promise<number> {
  const conds: Prisma.Sql[] = [
    Prisma.sql`"sourceId" = ${sourceId}`,
    Prisma.sql`status <> 'DELETED_AT_SOURCE'`,
    // NOT IN over a subquery is hashed: fine for 100k+ ids (= ANY would compare every row with every id).
    Prisma.sql`id NOT IN (SELECT unnest(${seen}::text[]))`,
  ];
  if (scope.kinds?.length) conds.push(Prisma.sql`kind::text = ANY(${scope.kinds}::text[])`);
  if (scope.externalIdPrefixes?.length) {
    conds.push(Prisma.sql`EXISTS (SELECT 1 FROM unnest(${scope.externalIdPrefixes}::text[]) p WHERE starts_with("externalId", p))`);
  }
  if (scope.excludeExternalIdPrefixes?.length) {
    conds.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM unnest(${scope.excludeExternalIdPrefixes}::text[]) p WHERE starts_with("externalId", p))`);
  }
  return tx.$executeRaw(Prisma.sql`UPDATE "Identity" SET status = 'DELETED_AT_SOURCE', "updatedAt" = ${now} WHERE ${Prisma.join(conds, " AND ")}`);
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

function identityRows(batch: NormalizedIdentity[], sourceOf: (i: NormalizedIdentity) => { id: string; environment: Environment }, now: Date, unusedBefore: Date): IdentityRows {
  const ids = newIds(batch.length);
  const r: IdentityRows = {
    id: ids, sourceId: [], externalId: [], name: [], kind: [], status: [], environment: [], createdAtSource: [], lastUsedAt: [], purpose: [], platformManaged: [], tags: [], delegatedScopes: [],
    rollupKnown: [], credentialCount: [], oldestCredentialAt: [], entitlementCount: [], unusedEntitlements: [],
  };
  for (const i of batch) {
    const known = rollupKnown(i);
    const roll = known ? fileRollups(i, now, unusedBefore) : null;
    r.rollupKnown.push(known);
    r.credentialCount.push(roll?.credentialCount ?? 0);
    r.oldestCredentialAt.push(iso(roll?.oldest));
    r.entitlementCount.push(roll?.entitlementCount ?? 0);
    r.unusedEntitlements.push(roll?.unusedEntitlements ?? 0);
    const s = sourceOf(i);
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(i.tags)) tags[clean(k)!] = clean(String(v))!;
    // Hints that are not e-mail addresses (logins, safes, teams) stay visible on the NHI.
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
  }
  return r;
}

function credentialRows(batch: NormalizedIdentity[], ids: { id: string }[], now: Date): CredentialRows {
  const r: CredentialRows = { id: [], identityId: [], externalId: [], type: [], name: [], status: [], createdAt: [], fallbackCreatedAt: [], lastRotatedAt: [], lastUsedAt: [], expiresAt: [], fingerprint: [], storage: [], ephemeral: [] };
  batch.forEach((i, k) => {
    for (const c of i.credentials) {
      r.identityId.push(ids[k].id);
      r.externalId.push(clean(c.externalId)!);
      r.type.push(c.type);
      r.name.push(clean(c.name ?? null));
      r.status.push(c.status);
      r.createdAt.push(iso(c.createdAt ?? c.lastRotatedAt));
      r.fallbackCreatedAt.push(iso(i.createdAtSource) ?? now.toISOString());
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

function entitlementRows(batch: NormalizedIdentity[], ids: { id: string }[]): EntitlementRows {
  const r: EntitlementRows = { id: [], identityId: [], resource: [], permission: [], privilege: [], sensitivity: [], via: [], viaName: [], condition: [], grantedAt: [], expiresAt: [], lastUsedAt: [], status: [] };
  batch.forEach((i, k) => {
    for (const e of i.entitlements) {
      r.identityId.push(ids[k].id);
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
