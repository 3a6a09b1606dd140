import "server-only";
import { stringify } from "csv-stringify/sync";
import { db } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { safeCell } from "../csv/stream";
import { canonicalJson } from "./hash";
import { recordAuditStandalone } from "./log";
import { auditEventSelect, auditWhere } from "./queries";
import { isContiguous, type TAuditFilters } from "./schemas";
import { EXPORT_FORMAT } from "./chain";

const BATCH = 1000;
const CSV_HEADER = ["seq", "id", "at", "actor_id", "actor_email", "action", "target_type", "target_id", "before", "after", "meta", "prev_hash", "hash"];

export interface AuditExport {
  body: ReadableStream<Uint8Array>;
  fileName: string;
  contentType: string;
  head: { seq: string; hash: string; at: Date } | null;
}

/**
 * The filtered audit log as CSV or JSON, streamed in chain order (oldest first) one batch at a time, with the
 * chain head hash. The export is itself audited first, so the head it names covers the export event too.
 * JSON is the verifiable form (`steward verify-audit --file`); CSV is for spreadsheets (cells that would run as
 * formulas are prefixed with a quote, so verify with the JSON).
 */
export async function exportAuditLog(viewer: Viewer, filters: TAuditFilters, format: "csv" | "json"): Promise<AuditExport> {
  assertCan(viewer, "audit:read");
  await recordAuditStandalone({ actor: viewer, action: "audit.export", targetType: "AuditLog", meta: { format, filters } });
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, at: true } });
  const headDto = head ? { seq: head.seq.toString(), hash: head.hash, at: head.at } : null;
  const where = auditWhere(filters);
  const linked = isContiguous(filters);
  const exportedAt = new Date();
  const stamp = exportedAt.toISOString().slice(0, 10);
  const encoder = new TextEncoder();
  let after: bigint | null = null;
  let first = true;

  async function nextBatch() {
    if (!head) return [];
    const rows = await db.auditEvent.findMany({
      where: { AND: [where, { seq: { lte: head.seq, ...(after !== null ? { gt: after } : {}) } }] },
      select: auditEventSelect,
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    if (rows.length) after = rows[rows.length - 1]!.seq;
    return rows;
  }

  const preamble =
    format === "json"
      ? `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":1,"exportedAt":${JSON.stringify(exportedAt)},"exportedBy":${JSON.stringify(viewer.email)},` +
        `"filters":${canonicalJson(filters)},"linked":${linked},"chainHead":${JSON.stringify(headDto)},"events":[`
      : `# Steward audit log export ${exportedAt.toISOString()} by ${viewer.email}; chain head seq ${headDto?.seq ?? "-"} sha256 ${headDto?.hash ?? "-"}\n` +
        stringify([CSV_HEADER]);

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(preamble));
    },
    async pull(controller) {
      try {
        const rows = await nextBatch();
        if (!rows.length) {
          if (format === "json") controller.enqueue(encoder.encode("\n]}\n"));
          controller.close();
          return;
        }
        if (format === "json") {
          const text = rows
            .map((r) => {
              const line = canonicalJson({ ...r, seq: r.seq.toString(), at: r.at.toISOString() });
              const sep = first ? "\n" : ",\n";
              first = false;
              return sep + line;
            })
            .join("");
          controller.enqueue(encoder.encode(text));
        } else {
          const json = (v: unknown) => (v === null || v === undefined ? "" : canonicalJson(v));
          const records = rows.map((r) =>
            [r.seq.toString(), r.id, r.at.toISOString(), r.actorId ?? "", r.actorEmail ?? "", r.action, r.targetType ?? "", r.targetId ?? "",
              json(r.before), json(r.after), json(r.meta), r.prevHash, r.hash].map(safeCell),
          );
          controller.enqueue(encoder.encode(stringify(records)));
        }
      } catch (err) {
        console.error("audit export failed", err);
        controller.error(err);
      }
    },
  });
  return {
    body,
    fileName: `steward-audit-${stamp}${headDto ? `-head-${headDto.hash.slice(0, 12)}` : ""}.${format}`,
    contentType: format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
    head: headDto,
  };
}
