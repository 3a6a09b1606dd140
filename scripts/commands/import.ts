// `npm run steward -- import --format auto|<name> FILE [FILE...] [--source KEY] [--json]`
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { ValidationError } from "../../lib/errors";
import { FORMAT_NAMES, parseImport, toImportFile } from "../../lib/importers";
import type { ImportSummary } from "../../lib/imports/pipeline";
import { importAndAssess } from "../../lib/imports/import-and-assess";

export const IMPORT_USAGE = `usage: npm run steward -- import [--format auto|${FORMAT_NAMES.join("|")}] FILE [FILE...]
         [--source KEY] [--env prod|staging|dev] [--full | --partial] [--date-order MDY|DMY] [--dry-run] [--json]

  --format      the export's format; auto (default) detects it. Several files of one format make one import
                (GCP accounts + keys + policy, Azure service principals + applications, k8s objects).
  --source      the source key, e.g. aws:123456789012, gcp:my-project, azure:<tenant-id>, k8s:prod-eu
                (default: what the file names, else <platform>:default)
  --env         environment of a source this import creates
  --full        the file is the complete inventory of its source: NHIs it no longer lists become "deleted at source"
  --partial     never mark anything deleted (default for the generic template)
  --date-order  month/day order of locale dates (CyberArk ChangeLast), default MDY
  --dry-run     parse and report, write nothing
  --json        print the summary as JSON`;

const ENVS = { prod: "PROD", staging: "STAGING", dev: "DEV" } as const;

export async function runImport(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", default: "auto" },
        source: { type: "string" },
        env: { type: "string" },
        full: { type: "boolean" },
        partial: { type: "boolean" },
        "date-order": { type: "string" },
        "dry-run": { type: "boolean" },
        json: { type: "boolean" },
        "batch-size": { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    console.error(`steward import: ${(err as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(IMPORT_USAGE);
    return 0;
  }
  if (!positionals.length) {
    console.error(`steward import: no FILE given\n${IMPORT_USAGE}`);
    return 2;
  }
  const env = values.env ? ENVS[String(values.env).toLowerCase() as keyof typeof ENVS] : undefined;
  if (values.env && !env) {
    console.error("steward import: --env must be prod, staging or dev");
    return 2;
  }
  const dateOrder = values["date-order"] ? String(values["date-order"]).toUpperCase() : undefined;
  if (dateOrder && dateOrder !== "MDY" && dateOrder !== "DMY") {
    console.error("steward import: --date-order must be MDY or DMY");
    return 2;
  }
  if (values.full && values.partial) {
    console.error("steward import: choose --full or --partial, not both");
    return 2;
  }
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;

  try {
    const files = positionals.map((p) => {
      let buffer: Buffer;
      try {
        buffer = fs.readFileSync(p);
      } catch (err) {
        throw new ValidationError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      return { fileName: path.basename(p), buffer };
    });
    const parseOptions = { dateOrder: dateOrder as "MDY" | "DMY" | undefined };
    if (values["dry-run"]) {
      const { format, result } = parseImport(String(values.format), files.map(toImportFile), { ...parseOptions, sourceKey: values.source as string | undefined });
      const out = {
        format: format.name,
        sourceKey: (values.source as string | undefined) ?? result.sourceKey,
        recordsRead: result.recordsRead,
        identities: result.identities.length,
        credentials: result.identities.reduce((n, i) => n + i.credentials.length, 0),
        entitlements: result.identities.reduce((n, i) => n + i.entitlements.length, 0),
        fullInventory: result.fullScope !== null,
        rowErrors: result.rowErrors,
        warnings: result.warnings,
      };
      if (values.json) console.log(JSON.stringify(out, null, 2));
      else {
        console.log(`Dry run: ${out.format}, source ${out.sourceKey ?? "(unknown)"}: ${out.identities} identities, ${out.credentials} credentials, ${out.entitlements} entitlements from ${out.recordsRead} records${out.fullInventory ? " (full inventory)" : ""}`);
        printIssues(out.rowErrors, out.warnings);
      }
      return 0;
    }
    const summary = await importAndAssess({
      actor: { id: null, email: `cli:${safeUser()}` },
      format: String(values.format),
      files,
      sourceKey: values.source as string | undefined,
      sourceEnvironment: env,
      fullInventory: values.full ? true : values.partial ? false : undefined,
      parseOptions,
      batchSize: batchSize && Number.isInteger(batchSize) && batchSize > 0 ? batchSize : undefined,
    });
    if (values.json) console.log(JSON.stringify(summary, null, 2));
    else {
      printSummary(summary);
      if (summary.findings) console.log(`findings after the rule run: ${summary.findings.open} open (${summary.findings.new} new, ${summary.findings.resolved} resolved)`);
    }
    return summary.status === "FAILED" ? 1 : 0;
  } catch (err) {
    // Expected problems (unrecognised or malformed file, bad option) and unexpected ones alike: one clear line.
    const message = (err as Error)?.message ?? String(err);
    if (values.json) console.log(JSON.stringify({ status: "FAILED", error: message, jobId: (err as { jobId?: string }).jobId ?? null }));
    console.error(`steward import: ${message.split("\n")[0]}`);
    return 1;
  } finally {
    await closeDb();
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}

function printSummary(s: ImportSummary): void {
  console.log(`Imported ${s.fileName} as ${s.format} into ${s.sourceKeys.join(", ")}: ${s.status} (job ${s.jobId})`);
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  console.log(`${"".padEnd(14)}${pad("created", 9)}${pad("updated", 9)}${pad("unchanged", 11)}${pad("revoked", 9)}${pad("deleted", 9)}${pad("failed", 8)}`);
  const line = (label: string, c: { created: number; updated: number; unchanged: number }, revoked: number | string, deleted: number | string, failed: number | string) =>
    console.log(`${label.padEnd(14)}${pad(c.created, 9)}${pad(c.updated, 9)}${pad(c.unchanged, 11)}${pad(revoked, 9)}${pad(deleted, 9)}${pad(failed, 8)}`);
  line("identities", s.identities, "-", s.identities.deletedAtSource, s.identities.failed);
  line("credentials", s.credentials, s.credentials.revoked, "-", "-");
  line("entitlements", s.entitlements, s.entitlements.revoked, "-", "-");
  console.log(`owners matched by e-mail: ${s.ownersMatched}`);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const total = s.identities.created + s.identities.updated + s.identities.unchanged;
  const rate = total >= 1000 ? ` (${Math.round(total / Math.max(s.timings.totalMs / 1000, 0.001))} identities/s)` : "";
  console.log(`time: parse ${secs(s.timings.parseMs)}, write ${secs(s.timings.writeMs)}, total ${secs(s.timings.totalMs)}${rate}`);
  printIssues(s.rowErrors, s.warnings);
}

function printIssues(rowErrors: { row?: number; path?: string; message: string }[], warnings: string[]): void {
  for (const w of warnings) console.log(`warning: ${w}`);
  if (rowErrors.length) {
    console.error(`${rowErrors.length} record(s) were not imported${rowErrors.length > 20 ? " (first 20)" : ""}:`);
    for (const e of rowErrors.slice(0, 20)) {
      console.error(`  ${[e.path, e.row !== undefined ? `line ${e.row}` : null].filter(Boolean).join(" ")}: ${e.message}`);
    }
  }
}
