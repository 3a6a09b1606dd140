// Recomputes the stored audit hash chain (issue 6.2) for `steward verify-audit` and tests; reads in seq order in
// batches, so memory stays flat on a chain of millions of rows.
import { db } from "../db";
import { GENESIS_HASH } from "./hash";
import { verifyRows, type VerifyResult } from "./chain";

export { checkRow, EXPORT_FORMAT, verifyExportFile, verifyRows } from "./chain";
export type { BreakKind, ChainBreak, ChainRow, VerifyResult } from "./chain";

const BATCH = 2000;

export interface VerifyChainOptions {
  /** Start at the first event at or after this instant; its link to the event before it is still checked. */
  from?: Date;
  /** A chain head hash noted earlier (e.g. from an export): it must still be in the chain, or rows were removed. */
  expectHead?: string;
  onProgress?: (checked: number) => void;
}

const rowSelect = {
  seq: true, id: true, at: true, actorId: true, actorEmail: true, action: true, targetType: true, targetId: true,
  before: true, after: true, meta: true, prevHash: true, hash: true,
} as const;

/** Recomputes the chain stored in the database, from the start or from `from`, to the newest event. */
export async function verifyAuditChain(opts: VerifyChainOptions = {}): Promise<VerifyResult> {
  let expectedPrev = GENESIS_HASH;
  let prevSeq: string | null = null;
  let after: bigint | null = null;
  if (opts.from) {
    const first = await db.auditEvent.findFirst({ where: { at: { gte: opts.from } }, orderBy: { seq: "asc" }, select: { seq: true } });
    if (first) {
      const prev = await db.auditEvent.findFirst({ where: { seq: { lt: first.seq } }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      if (prev) {
        expectedPrev = prev.hash;
        prevSeq = String(prev.seq);
        after = prev.seq;
      }
    } else {
      return { ok: true, checked: 0, first: null, head: null, broken: null };
    }
  }
  const total: VerifyResult = { ok: true, checked: 0, first: null, head: null, broken: null };
  let sawExpectedHead = !opts.expectHead;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: after === null ? {} : { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: BATCH,
      select: rowSelect,
    });
    if (!rows.length) break;
    const part = verifyRows(rows, expectedPrev, prevSeq);
    total.checked += part.checked;
    total.first ??= part.first;
    total.head = part.head ?? total.head;
    if (!part.ok) return { ...total, ok: false, broken: part.broken };
    if (!sawExpectedHead && rows.some((r) => r.hash === opts.expectHead)) sawExpectedHead = true;
    const last = rows[rows.length - 1]!;
    expectedPrev = last.hash;
    prevSeq = String(last.seq);
    after = last.seq;
    opts.onProgress?.(total.checked);
    if (rows.length < BATCH) break;
  }
  if (!sawExpectedHead) {
    // A head from before `from` is not in the checked range: look it up directly.
    const found = await db.auditEvent.findUnique({ where: { hash: opts.expectHead! }, select: { seq: true } });
    if (!found) {
      const at = total.head?.at ?? new Date(0).toISOString();
      return {
        ...total,
        ok: false,
        broken: {
          kind: "head-missing",
          seq: total.head?.seq ?? "-",
          id: "-",
          at,
          action: "-",
          reason: `the chain head ${opts.expectHead} noted earlier is no longer in the chain: events at the end were removed`,
        },
      };
    }
  }
  return total;
}

