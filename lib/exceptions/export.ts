import "server-only";
import { stringify } from "csv-stringify/sync";
import { recordAuditStandalone } from "../audit/log";
import type { Viewer } from "../auth/permissions";
import { safeCell } from "../identities/export";
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
  const encoder = new TextEncoder();
  const batches = iterateExceptions(viewer, filters, queue);
  let rows = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([HEADER])));
    },
    async pull(controller) {
      try {
        const { value, done } = await batches.next();
        if (done) {
          controller.close();
          await recordAuditStandalone({ actor: viewer, action: "exception.export", targetType: "ExceptionRegister", meta: { rows, queue, filters } });
          return;
        }
        rows += value.length;
        const records = value.map((r) =>
          [
            r.id, EXCEPTION_STATUS_LABELS[r.status], r.identity?.id ?? "", r.identity?.name ?? "", r.identity?.source.key ?? "", r.identity?.owner?.name ?? "",
            r.scope, r.ruleId ?? "", r.scopeLabel, r.scope === "RULE" ? "" : String(r.findingCount), r.severity,
            r.justification, r.controls.map((c) => COMPENSATING_CONTROLS[c as CompensatingControl] ?? c).join("; "), r.controlsNote ?? "",
            r.requestedBy.email, iso(r.createdAt), iso(r.expiresAt),
            (r.approvedBy ?? r.rejectedBy)?.name ?? "", iso(r.decidedAt), r.decisionComment ?? "",
            r.revokedBy?.name ?? "", iso(r.revokedAt), r.revokeReason ?? "", r.previousId ?? "", r.reviewItemId ?? "",
          ].map((v) => safeCell(v)),
        );
        controller.enqueue(encoder.encode(stringify(records)));
      } catch (err) {
        console.error("exception export failed", err);
        controller.error(err);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
