// Helpers shared by the format parsers: timestamps and sentinels (FORMATS.md 8.1-8.2), booleans, envelopes,
// CSV reading, privilege and sensitivity heuristics, owner and environment hints.
import crypto from "node:crypto";
import type { Readable } from "node:stream";
import { parse as parseCsvStream } from "csv-parse";
import { parse as parseCsvSync } from "csv-parse/sync";
import type { Environment, Privilege, Sensitivity } from "../db/generated/enums";
import type { RowError } from "./types";

// ---------------------------------------------------------------------------------------------------------------
// Timestamps

export class BadValueError extends Error {}

/** Values that mean "no value" in the formats we read (AWS, CyberArk, GitHub...). */
const SENTINELS = new Set([
  "", "n/a", "na", "none", "null", "nil", "-", "no_information", "not_supported", "never", "never changed",
  "never verified", "never reconciled", "pending first change", "unknown",
]);

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const SLASH_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

export interface TimeOptions {
  /** For d/m/y locale strings: which number comes first. Default MDY (en-US, what PowerShell's %x gives there). */
  dateOrder?: "MDY" | "DMY";
}

/**
 * Parses an export timestamp: `Z`, `+00:00`, `+02:00`, `+0200`, a space instead of `T`, 0-9 fractional digits,
 * date-only values, epoch seconds/milliseconds, and m/d/y locale strings (CyberArk "%x %r").
 * Sentinels (`N/A`, `no_information`, `Never Changed`, empty...) give null. Anything else throws BadValueError.
 */
export function parseTime(value: unknown, opts: TimeOptions = {}): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "number") return epoch(value);
  if (typeof value !== "string") throw new BadValueError(`not a timestamp: ${JSON.stringify(value)}`);
  const s = value.trim();
  // Fast path for canonical UTC ISO 8601 ("2024-11-30T02:00:00Z", ".123Z"): most exports and the template write it.
  // Date.parse rolls invalid days over (Feb 30 → Mar 1), so the day, month and hour are checked.
  if (s.length >= 20 && s.length <= 24 && s.charCodeAt(10) === 84 && s.charCodeAt(s.length - 1) === 90) {
    const t = Date.parse(s);
    if (t === t) {
      const d = new Date(t);
      if (d.getUTCDate() === Number(s.slice(8, 10)) && d.getUTCMonth() + 1 === Number(s.slice(5, 7)) && Number(s.slice(11, 13)) < 24) return d;
    }
  }
  // ISO values (the common case) skip the sentinel lookup.
  const isoLike = s.length >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45;
  if (!isoLike && SENTINELS.has(s.toLowerCase())) return null;
  if (/^\d{10}(\d{3})?$/.test(s)) return epoch(Number(s));
  const m = ISO_RE.exec(s);
  if (m) {
    const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", zone = "Z"] = m;
    const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), frac ? Number((frac + "00").slice(0, 3)) : 0);
    const check = new Date(base);
    // Date.UTC rolls over (Feb 30 → Mar 2): a value that does not come back the same is invalid.
    if (check.getUTCDate() === Number(d) && check.getUTCMonth() === Number(mo) - 1 && check.getUTCHours() === Number(h) && Number(mi) < 60 && Number(sec) < 60) {
      if (zone.toUpperCase() === "Z") return check;
      const sign = zone[0] === "-" ? -1 : 1;
      const digits = zone.slice(1).replace(":", "");
      return new Date(base - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0")) * 60_000);
    }
  }
  const sl = SLASH_RE.exec(s);
  if (sl) {
    const [, a, b, yy, h = "0", mi = "0", sec = "0", ampm] = sl;
    const dmy = opts.dateOrder === "DMY" || Number(a) > 12;
    const [month, day] = dmy ? [Number(b), Number(a)] : [Number(a), Number(b)];
    let hour = Number(h);
    if (ampm) hour = (hour % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
    const year = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return new Date(Date.UTC(year, month - 1, day, hour, Number(mi), Number(sec)));
    }
  }
  throw new BadValueError(`unrecognised timestamp "${s.slice(0, 60)}"`);
}

function epoch(n: number): Date | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const d = new Date(n < 1e11 ? n * 1000 : n);
  // Past what a date can hold (year 275760): not a timestamp.
  if (Number.isNaN(d.getTime())) throw new BadValueError(`not a timestamp: ${n}`);
  return d;
}

/** Year 9999 (GCP validBeforeTime) and similar far-future values mean "never expires". */
export function noExpiry(d: Date | null): Date | null {
  return d && d.getUTCFullYear() >= 9000 ? null : d;
}

/**
 * A field-level reader for vendor formats: a bad timestamp in one field gives null and one warning (the record is
 * kept), because one odd date should not drop an NHI from the inventory.
 */
export function timeReader(warnings: Warnings, opts: TimeOptions = {}) {
  return (value: unknown, where: string): Date | null => {
    try {
      return parseTime(value, opts);
    } catch (err) {
      warnings.add(`${where}: ${(err as Error).message}; left empty`);
      return null;
    }
  };
}

export function laterOf(...dates: (Date | null | undefined)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Scalars

/** "true"/"TRUE"/"True"/"yes"/"1" → true; the same for false; anything else → undefined. */
export function parseBool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value !== "string") return undefined;
  const s = value.trim().toLowerCase();
  if (["true", "yes", "y", "1", "enabled", "on"].includes(s)) return true;
  if (["false", "no", "n", "0", "disabled", "off"].includes(s)) return false;
  return undefined;
}

export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A list that may be a bare array, an envelope ({value:[...]}, {items:[...]}...), one object, or absent. */
export function asArray(v: unknown, envelopeKeys: string[] = []): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === null || v === undefined) return [];
  if (isObject(v)) {
    for (const k of envelopeKeys) if (Array.isArray(v[k])) return v[k] as unknown[];
    return [v];
  }
  return [];
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function tryJson(text: string): unknown {
  const t = stripBom(text).trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** Collects warnings, folding repeats of one message into a count so a 100k-row file gives a readable list. */
export class Warnings {
  private counts = new Map<string, number>();
  add(message: string): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }
  list(): string[] {
    return [...this.counts].map(([m, n]) => (n > 1 ? `${m} (${n} times)` : m));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

/** One CSV record; values are looked up by (normalised) header name. A class, not closures: 100k rows stay cheap. */
export class CsvRow {
  constructor(
    /** 1-based line number of the record's first line. */
    readonly line: number,
    private readonly record: string[],
    private readonly index: Map<string, number>,
  ) {}

  /** The trimmed value, or null when empty or the column is absent. */
  get(column: string): string | null {
    const i = this.index.get(column);
    if (i === undefined) return null;
    const v = this.record[i];
    if (!v) return null;
    const t = v.trim();
    return t ? t : null;
  }

  has(column: string): boolean {
    return this.index.has(column);
  }
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  errors: RowError[];
}

const normHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** A record (row) longer than this is reported and skipped, so one runaway quoted field cannot exhaust memory. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;

const CSV_OPTIONS = {
  bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true,
  max_record_size: MAX_CSV_RECORD_CHARS,
} as const;

/** Line number of each non-empty physical line, in order (the header is line 1). */
function nonEmptyLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    const len = end - start - (end > start && text.charCodeAt(end - 1) === 13 ? 1 : 0);
    if (len > 0) out.push(line);
    if (nl < 0) return out;
    start = nl + 1;
    line++;
  }
}

/** True when a newline occurs inside a quoted field (quote parity; a doubled "" toggles twice). */
function hasQuotedNewline(text: string): boolean {
  if (!text.includes('"')) return false;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    else if (inQuote && (c === 10 || c === 13)) return true;
  }
  return false;
}

/**
 * Reads a CSV file with csv-parse; columns are looked up by header name (case-insensitive, spaces and dashes as
 * underscores), never by position. Malformed records become row errors, the rest is read.
 * Line numbers: when no quoted field can span lines, records map 1:1 to non-empty lines (fast); otherwise csv-parse's
 * per-record `info` gives them (about half again slower).
 */
export function readCsv(text: string): CsvTable {
  const body = stripBom(text);
  const errors: RowError[] = [];
  let skipped = false;
  const onSkip = (err: { message: string; lines?: number } | undefined) => {
    skipped = true;
    if (err) errors.push({ row: err.lines, message: `Malformed CSV: ${err.message}` });
    return undefined;
  };
  let records: { record: string[]; line: number }[] | null = null;
  if (!hasQuotedNewline(body)) {
    const plain = parseCsvSync(body, { ...CSV_OPTIONS, on_skip: onSkip }) as string[][];
    const lines = nonEmptyLines(body);
    if (!skipped && plain.length === lines.length) records = plain.map((record, i) => ({ record, line: lines[i] }));
  }
  if (!records) {
    errors.length = 0;
    const withInfo = parseCsvSync(body, { ...CSV_OPTIONS, info: true, on_skip: onSkip }) as unknown as { record: string[]; info: { lines: number } }[];
    // info.lines is the record's last line: it started as many lines earlier as its fields hold newlines.
    records = withInfo.map(({ record, info }) => {
      let inner = 0;
      for (const f of record) for (let i = f.indexOf("\n"); i >= 0; i = f.indexOf("\n", i + 1)) inner++;
      return { record, line: info.lines - inner };
    });
  }
  if (!records.length) return { header: [], rows: [], errors };
  const header = records[0].record.map(normHeader);
  const index = new Map<string, number>();
  header.forEach((h, i) => { if (!index.has(h)) index.set(h, i); });
  const rows: CsvRow[] = [];
  for (const { record, line } of records.slice(1)) {
    if (record.every((c) => c.trim() === "")) continue;
    if (record.length !== header.length) {
      errors.push({ row: line, message: `Expected ${header.length} columns, found ${record.length}` });
      continue;
    }
    rows.push(new CsvRow(line, record, index));
  }
  return { header, rows, errors };
}

/** Line number of a record's first line from csv-parse's info.lines (its last line) and the newlines inside it. */
function firstLine(record: string[], lastLine: number): number {
  let inner = 0;
  for (const f of record) for (let i = f.indexOf("\n"); i >= 0; i = f.indexOf("\n", i + 1)) inner++;
  return lastLine - inner;
}

/**
 * Streams a CSV with csv-parse: `onHeader` receives the (normalised) header, then one CsvRow per record is yielded.
 * Memory stays flat whatever the file size. Malformed records, records with the wrong number of columns and
 * over-long records go to `onError` with their line number; the stream goes on.
 */
export async function* streamCsv(
  input: Readable,
  onHeader: (header: string[]) => void,
  onError: (e: RowError) => void,
  onBytes: (n: number) => void = () => {},
): AsyncGenerator<CsvRow> {
  const parser = parseCsvStream({
    ...CSV_OPTIONS,
    info: true,
    on_skip: (err) => {
      if (err) onError({ row: (err as { lines?: number }).lines, message: `Malformed CSV: ${err.message}` });
      return undefined;
    },
  });
  input.on("error", (err) => parser.destroy(err));
  input.on("data", (chunk: Buffer | string) => onBytes(chunk.length));
  input.pipe(parser);
  let index: Map<string, number> | null = null;
  let width = 0;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = item;
    const line = firstLine(record, info.lines);
    if (!index) {
      const header = record.map(normHeader);
      index = new Map();
      header.forEach((h, i) => { if (!index!.has(h)) index!.set(h, i); });
      width = header.length;
      onHeader(header);
      continue;
    }
    if (record.every((c) => c.trim() === "")) continue;
    if (record.length !== width) {
      onError({ row: line, message: `Expected ${width} columns, found ${record.length}` });
      continue;
    }
    yield new CsvRow(line, record, index);
  }
  if (!index) onHeader([]);
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

/** Keeps a key column short enough for a btree index entry; over-long values keep a hash so they stay unique. */
export function capKey(value: string, max = 900): string {
  if (value.length <= max) return value;
  const hash = crypto.createHash("sha256").update(value).digest("hex").slice(0, 12);
  return `${value.slice(0, max - 30)}… [${hash}]`;
}

/** One permission string for several actions of one grant: sorted, de-duplicated, capped. */
export function joinActions(actions: string[]): string {
  return capKey([...new Set(actions.map((a) => a.trim()).filter(Boolean))].sort().join(", ") || "*");
}

export function sha256Fingerprint(publicKey: string): string | null {
  // "ssh-ed25519 AAAA... comment": the fingerprint is SHA256 over the base64-decoded key blob, as ssh-keygen -l.
  const parts = publicKey.trim().split(/\s+/);
  const blob = parts.length >= 2 ? parts[1] : parts[0];
  if (!blob || !/^[A-Za-z0-9+/=]+$/.test(blob)) return null;
  return `SHA256:${crypto.createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64").replace(/=+$/, "")}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Privilege and sensitivity heuristics (FORMATS.md: unverified heuristics, kept in one place)

const RANK: Record<Privilege, number> = { UNKNOWN: 0, READ: 1, WRITE: 2, ADMIN: 3 };

export function maxPrivilege(...ps: Privilege[]): Privilege {
  return ps.reduce<Privilege>((a, b) => (RANK[b] > RANK[a] ? b : a), "UNKNOWN");
}

const SENS_RANK: Record<Sensitivity, number> = { NORMAL: 0, HIGH: 1, CRITICAL: 2 };

export function maxSensitivity(...ss: Sensitivity[]): Sensitivity {
  return ss.reduce<Sensitivity>((a, b) => (SENS_RANK[b] > SENS_RANK[a] ? b : a), "NORMAL");
}

/** Identity providers and cloud control planes. */
const CRITICAL_RE = /(^|[^a-z])(iam|sts|kms|organizations|secretsmanager|secretmanager|keyvault|key-vault|vault|cluster-admin|roles\/owner|owner|identity|idp|sso|okta|directory|payment|payments|billing|card|ledger|payout)([^a-z]|$)/i;
const HIGH_RE = /(^|[^a-z])(rds|dynamodb|sql|cloudsql|database|db|s3|storage|bigquery|spanner|secrets?|ssm|backup|kafka|redshift|snowflake|prod|production)([^a-z]|$)/i;

/**
 * CRITICAL: identity providers, key and secret stores, cloud control planes (admin on "*"), payment services;
 * HIGH: data stores and production resources; NORMAL otherwise.
 */
export function sensitivityOf(resource: string, permission: string, privilege: Privilege): Sensitivity {
  const text = `${resource} ${permission}`;
  if (privilege === "ADMIN" && (resource === "*" || /(^|\/)\*$/.test(resource) || resource.endsWith("@cluster"))) return "CRITICAL";
  if (CRITICAL_RE.test(text)) return privilege === "READ" && !/secret|kms|key/i.test(text) ? "HIGH" : "CRITICAL";
  if (HIGH_RE.test(text)) return "HIGH";
  return "NORMAL";
}

// ---------------------------------------------------------------------------------------------------------------
// Owner and environment hints

const OWNER_TAG_RE = /^(owner|owner[-_ .]?email|owned[-_ .]?by|contact|contact[-_ .]?email|maintainer|created[-_ .]?by|technical[-_ .]?owner|business[-_ .]?owner|responsible)$/i;
const TEAM_TAG_RE = /^(team|owner[-_ .]?team|squad|cost[-_ .]?center|department)$/i;

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Owner hints from platform tags or labels (Owner, owner-email, contact...), best first. `origins` receives where
 * each hint came from (e.g. "tag Owner").
 */
export function ownerHintsFromTags(tags: Record<string, string>, origins?: Record<string, string>, label = "tag"): string[] {
  const hints: string[] = [];
  for (const [k, v] of Object.entries(tags)) {
    if (!OWNER_TAG_RE.test(k) || !v) continue;
    for (const h of v.split(/[,;\s]+/).filter(Boolean)) {
      hints.push(h);
      if (origins && !(h in origins)) origins[h] = `${label} ${k}`;
    }
  }
  for (const [k, v] of Object.entries(tags)) {
    if (!TEAM_TAG_RE.test(k) || !v) continue;
    hints.push(`team:${v}`);
    if (origins && !(`team:${v}` in origins)) origins[`team:${v}`] = `${label} ${k}`;
  }
  // E-mail addresses first: they can be matched to users.
  return [...new Set(hints)].sort((a, b) => Number(EMAIL_RE.test(b)) - Number(EMAIL_RE.test(a)));
}

/** E-mail addresses inside free text (descriptions, notes). */
export function emailsIn(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g) ?? [])];
}

export function parseEnvironment(value: string | null | undefined): Environment | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (/^(prod|production|prd|live|prod-.*|.*-prod)$/.test(v)) return "PROD";
  if (/^(stag|staging|stage|stg|preprod|pre-prod|uat|qa|test|testing)$/.test(v)) return "STAGING";
  if (/^(dev|development|sandbox|sbx|local|develop)$/.test(v)) return "DEV";
  if (v === "unknown") return "UNKNOWN";
  return undefined;
}

const ENV_TAG_RE = /^(env|environment|stage|tier)$/i;

export function environmentFromTags(tags: Record<string, string>): Environment | undefined {
  for (const [k, v] of Object.entries(tags)) if (ENV_TAG_RE.test(k)) return parseEnvironment(v);
  return undefined;
}

/** Platform tag lists: [{Key, Value}] (AWS), ["a", "b"] (Azure), {k: v} (K8s labels). */
export function tagsFrom(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const t of v) {
      if (isObject(t)) {
        const k = str(t.Key ?? t.key);
        if (k) out[k] = str(t.Value ?? t.value) ?? "";
      } else if (typeof t === "string" && t) {
        const i = t.indexOf(":");
        if (i > 0 && i < t.length - 1 && !t.startsWith("http")) out[t.slice(0, i)] = t.slice(i + 1);
        else out[t] = "true";
      }
    }
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) {
      const s = str(val);
      if (s !== null) out[k] = s;
    }
  }
  return out;
}

/**
 * A parser's error message without the input it quotes: JSON.parse and YAML put the text around the error into
 * the message (`..."ess_key": wJalrXUtnF"...`), and that text can be a secret the file carried. The message is
 * stored in the import job and the audit log, so only its first line is kept, with quoted input cut out.
 */
export function parserMessage(err: unknown): string {
  const first = String((err as Error)?.message ?? err).split("\n")[0] ?? "";
  return first
    // V8: `Unexpected token 'w', ..."ess_key": wJalrX"... is not valid JSON` (the quoted input may hold quotes).
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/, " is not valid JSON")
    .replace(/(?:\.\.\.)?"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, "(…)")
    .replace(/:\s*$/, "")
    .slice(0, 300);
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");
const storableText = (s: string) => (UNSTORABLE.test(s) ? s.replace(UNSTORABLE_ALL, (c) => (c === "\u0000" ? "" : "\uFFFD")) : s);

/**
 * Makes parsed records storable in PostgreSQL, in place: NUL characters (which a JSON or YAML file can carry as an
 * escape, and which PostgreSQL refuses) are dropped and unpaired surrogates become U+FFFD. Iterative, so a deeply
 * nested value cannot overflow the stack.
 */
export function makeStorable<T>(root: T): T {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== "object" || v instanceof Date) continue;
    if (Array.isArray(v)) {
      v.forEach((x, i) => (typeof x === "string" ? (v[i] = storableText(x)) : stack.push(x)));
      continue;
    }
    const obj = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(obj)) {
      const key = storableText(k);
      if (key !== k) delete obj[k];
      obj[key] = typeof x === "string" ? storableText(x) : x;
      if (typeof x !== "string") stack.push(x);
    }
  }
  return root;
}
