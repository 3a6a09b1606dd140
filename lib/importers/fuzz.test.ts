// Fuzzing every importer with mutated exports: truncated, cut, duplicated, garbage and unicode inserted, values of
// the wrong type, huge fields, deep nesting, other encodings. Whatever the input, an importer either returns
// well-formed records (what the database will accept) or throws a ValidationError that names the file: never
// another kind of error, never a secret value in its output.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { FIXTURE_DIR, TEMPLATE_DIR } from "./__fixtures__/load";
import { openImport, parseImport, type InputFile } from "./index";
import type { ImportResult, NormalizedIdentity } from "./types";
import { CREDENTIAL_TYPES, KINDS } from "./generic-fields";

const SEEDS: Record<string, string[]> = {
  "aws-credential-report": ["aws-credential-report.csv", "aws-credential-report-cli.json", "aws-credential-report-decoded.json"],
  "aws-authorization-details": ["aws-authorization-details.json", "aws-authorization-details-filtered.json"],
  gcp: ["gcp-service-accounts.json", "gcp-keys-etl-runner.json", "gcp-iam-policy.json"],
  azure: ["azure-sp-graph.json", "azure-sp-legacy.json", "azure-apps.json"],
  k8s: ["k8s-rbac-list.json", "k8s-rbac.yaml", "k8s-array-of-lists.json"],
  github: ["github-pat-grants.json", "github-installations.json", "github-deploy-keys.json"],
  cyberark: ["cyberark-account-report.csv", "cyberark-onboarding.csv"],
  generic: [path.join(TEMPLATE_DIR, "steward-import-template.csv"), path.join(TEMPLATE_DIR, "steward-import-template.json"), "generic-bad-rows.csv"],
};
const CASES_PER_SEED = Number(process.env.FUZZ_CASES ?? 25);
const SECRETS = /SUPER-SECRET|PRIVATE-LOOKING|legacy-secret-value|Pa55w0rd|ZXlKaGJH|hunter2|s3cr3t|AAAAC3NzaC1lZDI1NTE5|ewogICJ0eXBl/;

/** A small seeded PRNG (mulberry32): failures are reproducible from the seed in the test name. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}
type Rng = ReturnType<typeof rng>;

const GARBAGE = ["\u0000", "\"", "'", ",", ";", "\n", "\r\n", "{", "}", "[", "]", ":", "\\", "\t", "\u202e", "\u0301", "😀", "ｘ", "\ufeff", "\ud800", "null", "NaN", "-1", "9".repeat(40), "<script>", "%00", "\u2028"];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, true, "", " ", "x".repeat(5000), [], {}, [null], { a: { b: { c: [] } } }, "2024-13-45T99:99:99Z", "N/A", "\u0000abc", "9999-12-31T23:59:59Z", "0000-00-00", "😀".repeat(50)];

function mutateText(text: string, r: Rng): string {
  const at = r.int(text.length + 1);
  switch (r.int(9)) {
    case 0: return text.slice(0, at); // truncated
    case 1: return text.slice(0, at) + text.slice(at + 1 + r.int(200)); // a span cut out
    case 2: { const end = Math.min(text.length, at + r.int(400)); return text.slice(0, end) + text.slice(at, end) + text.slice(end); } // duplicated
    case 3: return text.slice(0, at) + Array.from({ length: 1 + r.int(8) }, () => r.pick(GARBAGE)).join("") + text.slice(at); // garbage
    case 4: return text.slice(0, at) + String.fromCharCode(r.int(0x3000)) + text.slice(at + 1); // one character changed
    case 5: return text.slice(0, at) + "A".repeat(1_100_000) + text.slice(at); // a huge field
    case 6: { const lines = text.split("\n"); const i = r.int(lines.length); return [...lines.slice(0, i), ...Array(500).fill(lines[i]), ...lines.slice(i)].join("\n"); } // a repeated line
    case 7: return text.replace(/\n/g, r.pick(["\r\n", "\r", "\n\n"])); // other line ends
    default: return "[".repeat(5000) + "]".repeat(r.int(5000)); // deep nesting, maybe unbalanced
  }
}

/** Replaces a random node of a JSON document with a value of the wrong type. */
function mutateJson(doc: unknown, r: Rng): unknown {
  const copy = JSON.parse(JSON.stringify(doc));
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { nodes.push({ parent: v, key: i }); walk(x); });
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { nodes.push({ parent: v as Record<string, unknown>, key: k }); walk(x); }
  };
  walk(copy);
  for (let n = 1 + r.int(3); n > 0 && nodes.length; n--) {
    const { parent, key } = r.pick(nodes);
    if (r.int(5) === 0 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
    else (parent as Record<string | number, unknown>)[key] = r.pick(WRONG_VALUES);
  }
  return copy;
}

function mutate(buffer: Buffer, r: Rng): Buffer {
  const text = buffer.toString("utf8");
  const kind = r.int(10);
  if (kind === 0) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(mutateText(text, r), "utf16le")]); // UTF-16 (PowerShell)
  if (kind === 1) { const b = Buffer.from(text); b[r.int(b.length)] = r.pick([0x80, 0xc3, 0xff, 0xfe, 0x00]); return b; } // invalid UTF-8, a NUL
  if (kind <= 4) {
    try {
      return Buffer.from(JSON.stringify(mutateJson(JSON.parse(text), r)));
    } catch {
      // not JSON: mutate the text
    }
  }
  return Buffer.from(mutateText(text, r));
}

const KIND_SET = new Set<string>(KINDS);
const CRED_SET = new Set<string>(CREDENTIAL_TYPES);
const isDate = (d: unknown) => d === null || d === undefined || (d instanceof Date && !Number.isNaN(d.getTime()));

/** What the pipeline relies on: strings where strings go, enum values, valid dates, bounded keys. */
function assertWellFormed(where: string, identities: NormalizedIdentity[], result: Omit<ImportResult, "identities">) {
  const problem = (msg: string) => { throw new Error(`${where}: ${msg}`); };
  for (const i of identities) {
    if (typeof i.externalId !== "string" || !i.externalId || i.externalId.length > 500) problem(`bad externalId ${JSON.stringify(i.externalId)?.slice(0, 80)}`);
    if (typeof i.name !== "string" || !i.name) problem(`bad name for ${i.externalId}`);
    if (!KIND_SET.has(i.kind)) problem(`bad kind ${i.kind}`);
    if (!["ACTIVE", "DISABLED", "DELETED_AT_SOURCE"].includes(i.status)) problem(`bad status ${i.status}`);
    if (!isDate(i.createdAtSource) || !isDate(i.lastUsedAt)) problem(`bad date on ${i.externalId}`);
    if (!Array.isArray(i.ownerHints) || i.ownerHints.some((h) => typeof h !== "string")) problem("bad owner hints");
    if (typeof i.tags !== "object" || Object.values(i.tags).some((v) => typeof v !== "string")) problem("bad tags");
    for (const c of i.credentials) {
      if (typeof c.externalId !== "string" || !c.externalId || c.externalId.length > 500) problem("bad credential id");
      if (!CRED_SET.has(c.type)) problem(`bad credential type ${c.type}`);
      if (![c.createdAt, c.lastRotatedAt, c.lastUsedAt, c.expiresAt].every(isDate)) problem("bad credential date");
    }
    for (const e of i.entitlements) {
      if (typeof e.resource !== "string" || !e.resource || e.resource.length > 900) problem("bad entitlement resource");
      if (typeof e.permission !== "string" || !e.permission || e.permission.length > 900) problem("bad entitlement permission");
      if (!["ADMIN", "WRITE", "READ", "UNKNOWN"].includes(e.privilege)) problem(`bad privilege ${e.privilege}`);
      if (![e.grantedAt, e.expiresAt, e.lastUsedAt].every(isDate)) problem("bad entitlement date");
    }
  }
  for (const e of result.rowErrors) if (e.row === undefined && !e.path) problem(`a row error without row or path: ${e.message}`);
}

function expectCleanFailure(where: string, fileName: string, err: unknown) {
  if (!(err instanceof ValidationError)) throw new Error(`${where}: ${err instanceof Error ? `${err.constructor.name}: ${err.message}\n${err.stack}` : String(err)}`);
  if (!err.message.includes(fileName)) throw new Error(`${where}: the message does not name the file: ${err.message}`);
}

describe("importer fuzzing", () => {
  for (const [format, seeds] of Object.entries(SEEDS)) {
    it(`${format}: mutated exports give records or a clear error (${seeds.length * CASES_PER_SEED} cases each as "auto" and "${format}")`, async () => {
      let parsed = 0;
      let refused = 0;
      for (const [s, seed] of seeds.entries()) {
        const file = seed.includes("/") ? seed : path.join(FIXTURE_DIR, seed);
        const original = fs.readFileSync(file);
        for (let c = 0; c < CASES_PER_SEED; c++) {
          const caseSeed = (format.length * 7919 + s * 104729 + c) >>> 0;
          const r = rng(caseSeed);
          const fileName = `fuzz-${caseSeed}${path.extname(file)}`;
          const input: InputFile = { fileName, buffer: mutate(original, r) };
          for (const as of ["auto", format]) {
            const where = `${format} seed ${caseSeed} (${path.basename(file)}) as ${as}`;
            // The synchronous parser (whole file)...
            try {
              const { result } = parseImport(as, [input]);
              assertWellFormed(where, result.identities, result);
              expect(JSON.stringify(result).match(SECRETS)?.[0] ?? null).toBeNull();
              parsed++;
            } catch (err) {
              expectCleanFailure(where, fileName, err);
              refused++;
            }
            // ...and the reader the pipeline uses (the template's CSV is streamed).
            try {
              const reader = openImport(as, [input]);
              const all: NormalizedIdentity[] = [];
              for await (const batch of reader.batches(50)) all.push(...batch);
              assertWellFormed(`${where} (reader)`, all, reader.result());
            } catch (err) {
              expectCleanFailure(`${where} (reader)`, fileName, err);
            }
          }
        }
      }
      // Both outcomes occur: the mutations are neither all harmless nor all fatal.
      expect(parsed).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    }, 300_000);
  }

  it("refuses a file past the whole-file limit with a message, without reading it", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "steward-fuzz-")), "huge.json");
    fs.writeFileSync(file, '{"UserDetailList": [');
    fs.truncateSync(file, 201 * 1024 * 1024); // sparse: no disk used
    try {
      expect(() => openImport("auto", [{ fileName: "huge.json", path: file }])).toThrow(/huge.json is 201 MB: files of this format are read whole, up to 200 MB/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it("an unreadable file is named with the reason", () => {
    expect(() => openImport("auto", [{ fileName: "missing.csv", path: "/nonexistent/missing.csv" }])).toThrow(/Cannot read missing.csv: ENOENT/);
  });
});
