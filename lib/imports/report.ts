// The import report users and scripts read: the CLI's `--json` line, the REST API, the imports page.
// The first keys are the documented contract (README, docs/imports.md); the rest are details.
import type { ImportSummary } from "./pipeline";

export interface ImportFindings {
  /** Open findings after the rule run that followed the import, and what it opened and resolved. */
  open: number;
  new: number;
  resolved: number;
  durationMs: number;
}

export interface ImportReport {
  format: string;
  source: string;
  status: "SUCCEEDED" | "PARTIAL" | "FAILED";
  /** Identities, credentials and entitlements of the file that landed (created + updated + unchanged). */
  identities: number;
  credentials: number;
  entitlements: number;
  /** Identity counts. */
  created: number;
  updated: number;
  unchanged: number;
  deletedAtSource: number;
  /** Rows rejected by validation (each listed in `errors`, the first 1,000). */
  failed: number;
  errors: { row: number | null; path?: string; message: string }[];
  jobId: string | null;
  dryRun: boolean;
  formatLabel: string;
  sources: string[];
  fileName: string;
  fileHash: string;
  fileSize: number;
  recordsRead: number;
  warnings: string[];
  details: Pick<ImportSummary, "identities" | "credentials" | "entitlements" | "owners">;
  timings: ImportSummary["timings"];
  /** The rule run after the import (not part of the import's timings); null when it did not run. */
  findings: ImportFindings | null;
  /** Why the rule run did not complete, when it did not. */
  assessError?: string;
}

const landed = (c: { created: number; updated: number; unchanged: number }) => c.created + c.updated + c.unchanged;

export function toReport(s: ImportSummary, findings: ImportFindings | null = null, assessError?: string): ImportReport {
  return {
    format: s.format,
    source: s.source,
    status: s.status,
    identities: landed(s.identities),
    credentials: landed(s.credentials),
    entitlements: landed(s.entitlements),
    created: s.identities.created,
    updated: s.identities.updated,
    unchanged: s.identities.unchanged,
    deletedAtSource: s.identities.deletedAtSource,
    failed: s.identities.failed,
    errors: s.rowErrors.map((e) => ({ row: e.row ?? null, ...(e.path ? { path: e.path } : {}), message: e.message })),
    jobId: s.jobId,
    dryRun: s.dryRun,
    formatLabel: s.formatLabel,
    sources: s.sourceKeys,
    fileName: s.fileName,
    fileHash: s.fileHash,
    fileSize: s.fileSize,
    recordsRead: s.recordsRead,
    warnings: s.warnings,
    details: { identities: s.identities, credentials: s.credentials, entitlements: s.entitlements, owners: s.owners },
    timings: s.timings,
    findings,
    ...(assessError ? { assessError } : {}),
  };
}

/** The report of an import that landed nothing and was stopped before its rows were read (bad or unknown file). */
export function failedReport(args: { format: string; source?: string | null; message: string; jobId: string | null; fileName?: string }): ImportReport {
  const zero = { created: 0, updated: 0, unchanged: 0, revoked: 0 };
  return {
    format: args.format,
    source: args.source ?? "",
    status: "FAILED",
    identities: 0,
    credentials: 0,
    entitlements: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deletedAtSource: 0,
    failed: 0,
    errors: [{ row: null, message: args.message }],
    jobId: args.jobId,
    dryRun: false,
    formatLabel: args.format,
    sources: [],
    fileName: args.fileName ?? "",
    fileHash: "",
    fileSize: 0,
    recordsRead: 0,
    warnings: [],
    details: { identities: { created: 0, updated: 0, unchanged: 0, failed: 0, deletedAtSource: 0 }, credentials: zero, entitlements: zero, owners: { assigned: 0, suggested: 0 } },
    timings: { parseMs: 0, writeMs: 0, totalMs: 0 },
    findings: null,
  };
}
