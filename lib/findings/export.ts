import "server-only";
import { recordAuditStandalone } from "../audit/log";
import type { Viewer } from "../auth/permissions";
import { csvStream } from "../csv/stream";
import { iterateFindings } from "./queries";
import type { TFindingFilters } from "./schemas";

const HEADER = [
  "id", "rule", "title", "owasp", "severity", "status", "summary", "nhi_id", "nhi", "kind", "source", "owner",
  "first_seen_at", "last_seen_at", "resolved_at",
];
const iso = (d: Date | null) => (d ? d.toISOString() : "");

/** The filtered findings as a CSV stream; audited once complete. */
export function exportFindingsCsv(viewer: Viewer, filters: TFindingFilters): ReadableStream<Uint8Array> {
  return csvStream({
    label: "findings",
    header: HEADER,
    batches: iterateFindings(viewer, filters),
    toRow: (f) => [
      f.id, f.ruleId, f.title, f.owaspId, f.severity, f.status, f.summary, f.identity.id, f.identity.name, f.identity.kind,
      f.identity.source.key, f.identity.owner?.name, iso(f.firstSeenAt), iso(f.lastSeenAt), iso(f.resolvedAt),
    ],
    onDone: (rows) => recordAuditStandalone({ actor: viewer, action: "findings.export", targetType: "Finding", meta: { rows, filters } }),
  });
}
