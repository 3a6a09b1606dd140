// Checking a run of audit events against the hash chain (issue 6.2): no database here, so the same code verifies
// the stored log (lib/audit/verify.ts) and an export file offline.
import { auditHash, GENESIS_HASH } from "./hash";

export interface ChainRow {
  seq: bigint | number | string;
  id: string;
  at: Date | string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  meta: unknown;
  prevHash: string;
  hash: string;
}

export type BreakKind = "edited" | "unlinked" | "head-missing";

export interface ChainBreak {
  kind: BreakKind;
  seq: string;
  id: string;
  at: string;
  action: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows whose hash and link were recomputed. */
  checked: number;
  /** The first row checked and the last one (the chain head when verifying to the end). */
  first: { seq: string; hash: string; at: string } | null;
  head: { seq: string; hash: string; at: string } | null;
  broken: ChainBreak | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * Checks one row against the hash expected before it. Returns why it is broken, or null.
 * - content no longer matches the stored hash: the row was edited;
 * - prevHash differs from the previous row's hash: a row was removed or inserted before it, the rows were
 *   reordered, or the previous row was rewritten together with its hash.
 */
export function checkRow(row: ChainRow, expectedPrev: string, prevSeq: string | null): ChainBreak | null {
  const where = { seq: String(row.seq), id: row.id, at: iso(row.at), action: row.action };
  const recomputed = auditHash({ ...row, at: new Date(row.at) });
  if (recomputed !== row.hash) {
    return { ...where, kind: "edited", reason: "its content does not match its stored hash: the row was edited" };
  }
  if (row.prevHash !== expectedPrev) {
    const before = prevSeq === null ? "the start of the chain" : `the row before it (seq ${prevSeq})`;
    return {
      ...where,
      kind: "unlinked",
      reason: `its prevHash does not match the hash of ${before}: a row was removed or inserted, rows were reordered, or seq ${prevSeq ?? "?"} was rewritten with a new hash`,
    };
  }
  return null;
}

/** Verifies rows already in chain order (e.g. from an export file) starting from `expectedPrev`. */
export function verifyRows(rows: Iterable<ChainRow>, expectedPrev: string = GENESIS_HASH, prevSeq: string | null = null): VerifyResult {
  const result: VerifyResult = { ok: true, checked: 0, first: null, head: null, broken: null };
  let prev = expectedPrev;
  let pSeq = prevSeq;
  for (const row of rows) {
    const broken = checkRow(row, prev, pSeq);
    if (broken) return { ...result, ok: false, broken };
    const point = { seq: String(row.seq), hash: row.hash, at: iso(row.at) };
    result.first ??= point;
    result.head = point;
    result.checked++;
    prev = row.hash;
    pSeq = String(row.seq);
  }
  return result;
}

/** Identifies the JSON export (lib/audit/export.ts) so the verifier refuses other files. */
export const EXPORT_FORMAT = "steward-audit-export";

/**
 * Verifies a JSON export offline. An export of a contiguous range (no actor, action or target filter) is checked
 * link by link from its first event; a filtered export has gaps, so only each event's own hash is recomputed.
 */
export function verifyExportFile(text: string): { result: VerifyResult; linked: boolean } | { error: string } {
  let doc: { format?: unknown; linked?: unknown; events?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return { error: "the file is not JSON (export the audit log as JSON to verify it)" };
  }
  if (doc?.format !== EXPORT_FORMAT || !Array.isArray(doc.events)) return { error: `the file is not a Steward audit export (format "${EXPORT_FORMAT}")` };
  const events = doc.events as ChainRow[];
  for (const [i, e] of events.entries()) {
    if (!e || typeof e !== "object" || typeof e.hash !== "string" || typeof e.prevHash !== "string" || typeof e.action !== "string" || !e.at) {
      return { error: `event ${i + 1} of the export is missing fields (hash, prevHash, action, at)` };
    }
  }
  const linked = doc.linked === true;
  if (linked) return { result: verifyRows(events, events[0]?.prevHash ?? GENESIS_HASH, null), linked };
  const result: VerifyResult = { ok: true, checked: 0, first: null, head: null, broken: null };
  for (const e of events) {
    const broken = checkRow(e, e.prevHash, null);
    if (broken) return { result: { ...result, ok: false, broken }, linked };
    result.checked++;
    result.first ??= { seq: String(e.seq), hash: e.hash, at: iso(e.at) };
    result.head = { seq: String(e.seq), hash: e.hash, at: iso(e.at) };
  }
  return { result, linked };
}
