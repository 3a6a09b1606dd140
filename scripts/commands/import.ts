// `npm run steward -- import --format auto|<name> FILE [FILE...] [--source KEY] [--json]`
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb } from "../../lib/db";
import { FORMAT_NAMES } from "../../lib/importers";
import { ImportFailedError, previewImport } from "../../lib/imports/pipeline";
import { failureReport, importAndAssess } from "../../lib/imports/jobs";
import { failedReport, toReport, type ImportReport } from "../../lib/imports/report";

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
  --dry-run     what the import would do (created, updated, unchanged, deleted at source), writing nothing
  --json        print the report as one JSON object on the last line of stdout:
                {"format", "source", "status", "identities", "credentials", "entitlements", "created", "updated",
                 "unchanged", "deletedAtSource", "failed", "errors": [{"row", "message"}], ...details}

Exit status: 0 when the import landed (even with rejected rows), 1 when nothing landed, 2 for a usage error.`;

const ENVS = { prod: "PROD", staging: "STAGING", dev: "DEV" } as const;

export async function runImport(argv: string[]): Promise<number> {
  // A usage error lands nothing: with --json it still prints the report line scripts read.
  const usage = (message: string, withHelp = false): number => {
    console.error(`steward import: ${message}${withHelp ? `\n${IMPORT_USAGE}` : ""}`);
    if (argv.includes("--json")) console.log(JSON.stringify(failedReport({ format: "auto", message, jobId: null })));
    return 2;
  };
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
    return usage((err as Error).message, true);
  }
  if (values.help) {
    console.log(IMPORT_USAGE);
    return 0;
  }
  if (!positionals.length) return usage("no FILE given", true);
  const env = values.env ? ENVS[String(values.env).toLowerCase() as keyof typeof ENVS] : undefined;
  if (values.env && !env) return usage("--env must be prod, staging or dev");
  const dateOrder = values["date-order"] ? String(values["date-order"]).toUpperCase() : undefined;
  if (dateOrder && dateOrder !== "MDY" && dateOrder !== "DMY") return usage("--date-order must be MDY or DMY");
  if (values.full && values.partial) return usage("choose --full or --partial, not both");
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;

  const files = positionals.map((p) => ({ fileName: path.basename(p), path: p }));
  const input = {
    actor: { id: null, email: `cli:${safeUser()}` },
    format: String(values.format),
    files,
    sourceKey: values.source as string | undefined,
    sourceEnvironment: env,
    fullInventory: values.full ? true : values.partial ? false : undefined,
    parseOptions: { dateOrder: dateOrder as "MDY" | "DMY" | undefined },
    batchSize: batchSize && Number.isInteger(batchSize) && batchSize > 0 ? batchSize : undefined,
  };
  let report: ImportReport;
  try {
    report = values["dry-run"] ? toReport(await previewImport(input)) : await importAndAssess(input);
  } catch (err) {
    // Expected problems (unreadable, unrecognised or malformed file, bad option) and unexpected ones alike: one clear
    // line, and with --json the same report shape as a landed import.
    report = err instanceof ImportFailedError
      ? failureReport(err, { ...input, fileName: files.map((f) => f.fileName).join(", ") })
      : failedReport({ format: input.format, source: input.sourceKey, message: (err as Error)?.message ?? String(err), jobId: (err as { jobId?: string }).jobId ?? null });
  } finally {
    await closeDb();
  }
  if (values.json) {
    for (const w of report.warnings) console.error(`warning: ${w}`);
    // The contract: one JSON object on the last line of stdout.
    console.log(JSON.stringify(report));
  } else {
    printReport(report);
  }
  return report.status === "FAILED" ? 1 : 0;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}

function printReport(r: ImportReport): void {
  if (r.status === "FAILED" && !r.recordsRead) {
    console.error(`steward import: ${r.errors[0]?.message.split("\n")[0] ?? "nothing was imported"}`);
    return;
  }
  const verb = r.dryRun ? "Dry run (nothing written): would import" : r.status === "FAILED" ? "Nothing imported from" : "Imported";
  console.log(`${verb} ${r.fileName} as ${r.format} into ${r.sources.join(", ")}: ${r.status}${r.jobId ? ` (job ${r.jobId})` : ""}`);
  const pad = (v: string | number, n: number) => String(v).padStart(n);
  console.log(`${"".padEnd(14)}${pad("created", 9)}${pad("updated", 9)}${pad("unchanged", 11)}${pad("revoked", 9)}${pad("deleted", 9)}${pad("failed", 8)}`);
  const line = (label: string, c: { created: number; updated: number; unchanged: number }, revoked: number | string, deleted: number | string, failed: number | string) =>
    console.log(`${label.padEnd(14)}${pad(c.created, 9)}${pad(c.updated, 9)}${pad(c.unchanged, 11)}${pad(revoked, 9)}${pad(deleted, 9)}${pad(failed, 8)}`);
  const d = r.details;
  line("identities", d.identities, "-", d.identities.deletedAtSource, d.identities.failed);
  line("credentials", d.credentials, d.credentials.revoked, "-", "-");
  line("entitlements", d.entitlements, d.entitlements.revoked, "-", "-");
  console.log(`owners: ${d.owners.assigned} set from the file, ${d.owners.suggested} new suggestion(s) to review`);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rate = r.identities >= 1000 ? ` (${Math.round(r.identities / Math.max(r.timings.totalMs / 1000, 0.001))} identities/s)` : "";
  console.log(`time: parse ${secs(r.timings.parseMs)}, write ${secs(r.timings.writeMs)}, total ${secs(r.timings.totalMs)}${rate}`);
  if (r.findings) console.log(`findings after the rule run (${secs(r.findings.durationMs)}): ${r.findings.open} open (${r.findings.new} new, ${r.findings.resolved} resolved)`);
  if (r.assessError) console.error(`warning: ${r.assessError}`);
  for (const w of r.warnings) console.log(`warning: ${w}`);
  const rows = r.errors.filter((e) => e.row !== null || e.path);
  if (rows.length) {
    console.error(`${r.failed} record(s) were not imported${r.failed > 20 ? " (first 20)" : ""}:`);
    for (const e of rows.slice(0, 20)) console.error(`  ${[e.path, e.row !== null ? `line ${e.row}` : null].filter(Boolean).join(" ")}: ${e.message}`);
  }
}
