import "server-only";
import { recordAuditStandalone } from "../audit/log";
import type { Viewer } from "../auth/permissions";
import { csvStream } from "../csv/stream";
import { COMPENSATING_CONTROLS, type CompensatingControl, type ExceptionQueue, type TExceptionFilters } from "./schemas";
import { EXCEPTION_STATUS_LABELS } from "./labels";
import { iterateExceptions } from "./queries";

const HEADER = [
  "id", "status", "nhi_id", "nhi", "source", "nhi_owner", "scope", "rule_id", "covers", "finding_count", "severity",
  "justification", "compensating_controls", "controls_note", "requested_by", "requested_at", "expires_at",
  "decided_by", "decided_at", "decision_comment", "revoked_by", "revoked_at", "revoke_reason", "extends", "review_item_id",
];

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : "");

/**
 * The risk-acceptance register as CSV (the filtered queue), streamed batch by batch; audited once it has been
 * written. Evidence packs can include the same stream.
 */
export function exportExceptionsCsv(viewer: Viewer, filters: TExceptionFilters, queue: ExceptionQueue): ReadableStream<Uint8Array> {
  return csvStream({
    label: "exception register",
    header: HEADER,
    batches: iterateExceptions(viewer, filters, queue),
    toRow: (r) => [
      r.id, EXCEPTION_STATUS_LABELS[r.status], r.identity?.id, r.identity?.name, r.identity?.source.key, r.identity?.owner?.name,
      r.scope, r.ruleId, r.scopeLabel, r.scope === "RULE" ? "" : r.findingCount, r.severity,
      r.justification, r.controls.map((c) => COMPENSATING_CONTROLS[c as CompensatingControl] ?? c).join("; "), r.controlsNote,
      r.requestedBy.email, iso(r.createdAt), iso(r.expiresAt),
      (r.approvedBy ?? r.rejectedBy)?.name, iso(r.decidedAt), r.decisionComment,
      r.revokedBy?.name, iso(r.revokedAt), r.revokeReason, r.previousId, r.reviewItemId,
    ],
    onDone: (rows) => recordAuditStandalone({ actor: viewer, action: "exception.export", targetType: "ExceptionRegister", meta: { rows, queue, filters } }),
  });
}
