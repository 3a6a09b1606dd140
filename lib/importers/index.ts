// Registry of import formats: detection (`--format auto`), decoding, parsing with one clear error for a file that
// is not the claimed format, and a final clean-up every format gets (duplicates merged, keys capped).
// openImport is what the pipeline reads: batches of identities, streamed for Steward's CSV template.
import fs from "node:fs";
import { Readable } from "node:stream";
import { ValidationError } from "../errors";
import { awsAuthorizationDetails } from "./aws-authorization-details";
import { awsCredentialReport } from "./aws-credential-report";
import { mergeEntitlements } from "./aws-policy";
import { azure } from "./azure";
import { cyberark } from "./cyberark";
import { gcp } from "./gcp";
import { generic, streamGenericCsv, type StreamedCsv } from "./generic";
import { github } from "./github";
import { k8s } from "./k8s";
import type { ImportFile, ImportFormat, ImportReader, ImportResult, NormalizedIdentity, ParseOptions } from "./types";
import { capKey, makeStorable, parserMessage, stripBom, tryJson } from "./util";

export type * from "./types";

export const FORMATS: readonly ImportFormat[] = [awsCredentialReport, awsAuthorizationDetails, gcp, azure, k8s, github, cyberark, generic];

export const FORMAT_NAMES = FORMATS.map((f) => f.name);

export function getFormat(name: string): ImportFormat {
  const f = FORMATS.find((x) => x.name === name.trim().toLowerCase());
  if (!f) throw new ValidationError(`Unknown format "${name}". Use auto or one of: ${FORMAT_NAMES.join(", ")}.`);
  return f;
}

const HEAD_BYTES = 64 * 1024;

/** Bytes → text: UTF-8 (with or without BOM) or UTF-16 with a BOM (Windows PowerShell exports). */
export function decodeText(buffer: Buffer | Uint8Array | string, fileName = "The file"): string {
  if (typeof buffer === "string") return stripBom(buffer);
  const b = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString("utf16le");
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (b.includes(0)) throw new ValidationError(`${fileName} is binary, not a text export (CSV, JSON or YAML). Compressed files must be unpacked first.`);
  return stripBom(b.toString("utf8"));
}

export interface InputFile {
  fileName: string;
  buffer: Buffer | Uint8Array | string;
}

/** A file on disk (the CLI): read in a stream when its format allows. */
export interface InputPath {
  fileName: string;
  path: string;
}

export type InputSource = InputFile | InputPath;

/**
 * Formats other than Steward's CSV template are read whole (their JSON documents and reports have to be): past this
 * size a file is refused with a message instead of exhausting memory.
 */
export const MAX_WHOLE_FILE_BYTES = 200 * 1024 * 1024;

/** Decodes a file once and parses JSON once; parsers reuse `json`. */
export function toImportFile(input: InputFile): ImportFile {
  const text = decodeText(input.buffer, input.fileName);
  if (!text.trim()) throw new ValidationError(`${input.fileName} is empty.`);
  const json = tryJson(text);
  const t = text.trimStart();
  if (json === undefined && (t.startsWith("{") || (t.startsWith("[") && /^\[\s*[{["\d\]]/.test(t)))) {
    // Looks like JSON but does not parse: say so rather than "unrecognised format".
    try {
      JSON.parse(t);
    } catch (err) {
      throw new ValidationError(`${input.fileName} is not valid JSON: ${parserMessage(err)}`);
    }
  }
  return { fileName: input.fileName, text, json };
}

export interface Detection {
  format: ImportFormat;
  confidence: number;
  /** All formats with a non-zero score, best first. */
  candidates: { name: string; confidence: number }[];
}

export function detectFile(file: ImportFile): Detection | null {
  const sample = { fileName: file.fileName, head: file.text.slice(0, HEAD_BYTES), json: file.json };
  const scored = FORMATS.map((format) => {
    let confidence = 0;
    try {
      confidence = format.detect(sample);
    } catch {
      confidence = 0;
    }
    return { format, confidence };
  }).filter((s) => s.confidence > 0).sort((a, b) => b.confidence - a.confidence);
  if (!scored.length || scored[0].confidence < 0.5) return null;
  return { ...scored[0], candidates: scored.map((s) => ({ name: s.format.name, confidence: s.confidence })) };
}

/** `--format auto` for one file given as bytes. */
export function detectFormat(fileName: string, buffer: Buffer | Uint8Array | string): Detection {
  const file = toImportFile({ fileName, buffer });
  const d = detectFile(file);
  if (!d) throw unrecognised(fileName);
  return d;
}

function unrecognised(fileName: string): ValidationError {
  return new ValidationError(
    `${fileName}: unrecognised file. Supported: ${FORMATS.map((f) => f.label).join("; ")}. Choose the format explicitly if the file is one of these.`,
  );
}

export interface ParsedImport {
  format: ImportFormat;
  result: ImportResult;
}

/**
 * Parses one or more files of one format ("auto" detects it; several files must agree, e.g. GCP accounts + keys +
 * policy). A file that is not the format → one ValidationError; bad records → rowErrors; never a crash.
 */
export function parseImport(formatName: string, inputs: (InputFile | ImportFile)[], options: ParseOptions = {}): ParsedImport {
  if (!inputs.length) throw new ValidationError("No file to import.");
  const files = inputs.map((i) => ("text" in i ? i : toImportFile(i)));
  let format: ImportFormat;
  if (!formatName || formatName === "auto") {
    const found = files.map((f) => ({ f, d: detectFile(f) }));
    const bad = found.find((x) => !x.d);
    if (bad) throw unrecognised(bad.f.fileName);
    const names = new Set(found.map((x) => x.d!.format.name));
    if (names.size > 1) {
      throw new ValidationError(`The files are of different formats (${found.map((x) => `${x.f.fileName}: ${x.d!.format.name}`).join(", ")}): import them separately.`);
    }
    format = found[0].d!.format;
  } else {
    format = getFormat(formatName);
  }
  let result: ImportResult;
  try {
    result = format.parse(files, options);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError(`${files.map((f) => f.fileName).join(", ")} could not be read as ${format.label}: ${parserMessage(err)}`);
  }
  return { format, result: finalize(result) };
}

/** Keys capped and trimmed: what the database will hold. */
function capIdentity(raw: NormalizedIdentity): NormalizedIdentity {
  const externalId = capKey(String(raw.externalId ?? "").trim(), 500);
  return { ...raw, externalId, name: capKey(String(raw.name ?? "").trim() || externalId, 500) };
}

/** One credential per key and one entitlement per (resource, permission), keys short enough to index. */
function dedupeChildren(identity: NormalizedIdentity): NormalizedIdentity {
  const creds = new Map<string, (typeof identity.credentials)[number]>();
  for (const c of identity.credentials) {
    const id = capKey(String(c.externalId ?? "").trim(), 500);
    if (id && !creds.has(id)) creds.set(id, { ...c, externalId: id });
  }
  identity.credentials = [...creds.values()];
  identity.entitlements = mergeEntitlements(
    identity.entitlements.map((e) => ({ ...e, resource: capKey(String(e.resource ?? "").trim() || "*"), permission: capKey(String(e.permission ?? "").trim() || "*") })),
  );
  return identity;
}

/** Clean-up every format gets: one record per (source, externalId), unique credential and entitlement keys. */
export function finalize(result: ImportResult): ImportResult {
  makeStorable(result.identities);
  const byKey = new Map<string, NormalizedIdentity>();
  const identities: NormalizedIdentity[] = [];
  let dup = 0;
  for (const raw of result.identities) {
    const identity = capIdentity(raw);
    if (!identity.externalId) continue;
    const key = `${identity.sourceKey ?? ""}\u0000${identity.externalId}`;
    const prev = byKey.get(key);
    if (prev) {
      dup++;
      prev.credentials.push(...identity.credentials);
      prev.entitlements.push(...identity.entitlements);
      continue;
    }
    byKey.set(key, identity);
    identities.push(identity);
  }
  for (const identity of identities) dedupeChildren(identity);
  const warnings = dup ? [...result.warnings, `${dup} duplicate record(s) were merged into the first one with the same key`] : result.warnings;
  return { ...result, identities, warnings };
}

const isPath = (i: InputSource): i is InputPath => "path" in i;

/** Size and first bytes of an input, for detection without reading it whole. */
function head(input: InputSource): { size: number; bytes: Buffer } {
  if (!isPath(input)) {
    const b = typeof input.buffer === "string" ? Buffer.from(input.buffer) : Buffer.from(input.buffer.buffer, input.buffer.byteOffset, input.buffer.byteLength);
    return { size: b.length, bytes: b.subarray(0, HEAD_BYTES) };
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(input.path, "r");
    const size = fs.fstatSync(fd).size;
    const bytes = Buffer.alloc(Math.min(size, HEAD_BYTES));
    fs.readSync(fd, bytes, 0, bytes.length, 0);
    return { size, bytes };
  } catch (err) {
    throw new ValidationError(`Cannot read ${input.fileName}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const mb = (n: number) => `${Math.round((n / 1048576) * 10) / 10} MB`;

function readWhole(input: InputSource, size: number): ImportFile {
  if (size > MAX_WHOLE_FILE_BYTES) {
    throw new ValidationError(
      `${input.fileName} is ${mb(size)}: files of this format are read whole, up to ${mb(MAX_WHOLE_FILE_BYTES)}. Split the export, or convert it to Steward's CSV template, which is streamed with no size limit.`,
    );
  }
  if (!isPath(input)) return toImportFile(input);
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(input.path);
  } catch (err) {
    throw new ValidationError(`Cannot read ${input.fileName}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
  }
  return toImportFile({ fileName: input.fileName, buffer });
}

/** A CSV that can be streamed: plain UTF-8 text, not JSON. */
function streamable(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return false;
  const text = stripBom(bytes.toString("utf8")).trimStart();
  return !text.startsWith("{") && !text.startsWith("[");
}

/**
 * Opens an import for the pipeline: detects the format (`auto`) from the content, never the file name, and returns
 * its identities in batches. Steward's CSV template is streamed with csv-parse (memory does not grow with the
 * file); other formats are parsed whole (at most MAX_WHOLE_FILE_BYTES per file) and then sliced.
 */
export function openImport(formatName: string, inputs: InputSource[], options: ParseOptions = {}): ImportReader {
  if (!inputs.length) throw new ValidationError("No file to import.");
  const heads = inputs.map((input) => ({ input, ...head(input) }));
  for (const h of heads) {
    if (!h.size || !h.bytes.toString("utf8").trim()) throw new ValidationError(`${h.input.fileName} is empty.`);
  }
  const explicit = formatName && formatName !== "auto" ? getFormat(formatName) : null;
  const csv = heads.every((h) => streamable(h.bytes));
  const isGeneric = csv && (explicit
    ? explicit.name === "generic"
    : heads.every((h) => detectFile({ fileName: h.input.fileName, text: decodeHead(h.input.fileName, h.bytes) })?.format.name === "generic"));
  if (isGeneric) {
    const files: StreamedCsv[] = heads.map(({ input, size }) => ({
      fileName: input.fileName,
      size,
      open: () => (isPath(input) ? fs.createReadStream(input.path, { highWaterMark: 256 * 1024 }) : Readable.from(slices(bufferOf(input)))),
    }));
    return streamGenericCsv(files, options, (i) => dedupeChildren(capIdentity(i)));
  }
  const { format, result } = parseImport(formatName, heads.map((h) => readWhole(h.input, h.size)), options);
  const list = result.identities;
  let done = 0;
  return {
    format,
    platform: result.platform,
    sourceKey: result.sourceKey,
    total: list.length,
    fraction: () => (list.length ? done / list.length : 1),
    async *batches(size: number) {
      for (let off = 0; off < list.length; off += size) {
        const batch = list.slice(off, off + size);
        done = off + batch.length;
        yield batch;
      }
    },
    result: () => ({ ...result, identities: undefined }) as unknown as Omit<ImportResult, "identities">,
  };
}

/** An upload already in memory, fed to the parser in slices (progress moves, the event loop breathes). */
function* slices(b: Buffer): Generator<Buffer> {
  for (let off = 0; off < b.length; off += 256 * 1024) yield b.subarray(off, off + 256 * 1024);
}

function bufferOf(input: InputFile): Buffer {
  const b = input.buffer;
  return typeof b === "string" ? Buffer.from(b) : Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The head of a file as text, refusing binary content the way decodeText does. */
function decodeHead(fileName: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw new ValidationError(`${fileName} is binary, not a text export (CSV, JSON or YAML). Compressed files must be unpacked first.`);
  return stripBom(bytes.toString("utf8"));
}

export { awsAuthorizationDetails, awsCredentialReport, azure, cyberark, gcp, generic, github, k8s };
