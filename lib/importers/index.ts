// Registry of import formats: detection (`--format auto`), decoding, parsing with one clear error for a file that
// is not the claimed format, and a final clean-up every format gets (duplicates merged, keys capped).
import { ValidationError } from "../errors";
import { awsAuthorizationDetails } from "./aws-authorization-details";
import { awsCredentialReport } from "./aws-credential-report";
import { mergeEntitlements } from "./aws-policy";
import { azure } from "./azure";
import { cyberark } from "./cyberark";
import { gcp } from "./gcp";
import { generic } from "./generic";
import { github } from "./github";
import { k8s } from "./k8s";
import type { ImportFile, ImportFormat, ImportResult, NormalizedIdentity, ParseOptions } from "./types";
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
export function decodeText(buffer: Buffer | Uint8Array | string): string {
  if (typeof buffer === "string") return stripBom(buffer);
  const b = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString("utf16le");
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  if (b.includes(0)) throw new ValidationError("The file is binary, not a text export (CSV, JSON or YAML). Compressed files must be unpacked first.");
  return stripBom(b.toString("utf8"));
}

export interface InputFile {
  fileName: string;
  buffer: Buffer | Uint8Array | string;
}

/** Decodes a file once and parses JSON once; parsers reuse `json`. */
export function toImportFile(input: InputFile): ImportFile {
  const text = decodeText(input.buffer);
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

/** Clean-up every format gets: one record per (source, externalId), unique credential and entitlement keys. */
export function finalize(result: ImportResult): ImportResult {
  makeStorable(result.identities);
  const byKey = new Map<string, NormalizedIdentity>();
  const identities: NormalizedIdentity[] = [];
  let dup = 0;
  for (const raw of result.identities) {
    const identity = { ...raw, externalId: capKey(raw.externalId.trim(), 500), name: capKey(raw.name.trim() || raw.externalId, 500) };
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
  for (const identity of identities) {
    const creds = new Map<string, (typeof identity.credentials)[number]>();
    for (const c of identity.credentials) {
      const id = capKey(c.externalId.trim(), 500);
      if (id && !creds.has(id)) creds.set(id, { ...c, externalId: id });
    }
    identity.credentials = [...creds.values()];
    identity.entitlements = mergeEntitlements(identity.entitlements);
  }
  const warnings = dup ? [...result.warnings, `${dup} duplicate record(s) were merged into the first one with the same key`] : result.warnings;
  return { ...result, identities, warnings };
}

export { awsAuthorizationDetails, awsCredentialReport, azure, cyberark, gcp, generic, github, k8s };
