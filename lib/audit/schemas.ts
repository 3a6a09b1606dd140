import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { firstOf } from "../url-params";

// Audit page, API and export all parse this. Bad values fall back to "no filter" (a bad bookmark shows the list).
const text = (max: number) => z.preprocess((v) => (firstOf(v) === "" ? undefined : firstOf(v)), z.string().trim().min(1).max(max).optional()).catch(undefined);
const day = z
  .preprocess((v) => (firstOf(v) === "" ? undefined : firstOf(v)), z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional())
  .refine((v) => v === undefined || !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()))
  .catch(undefined);

export const ZAuditFilters = z.object({
  /** Exact e-mail of the actor (sign-in failures have an e-mail but no user). */
  actor: text(320).transform((v) => v?.toLowerCase()),
  /** Exact action, e.g. identity.update. */
  action: text(100),
  targetType: text(100),
  targetId: text(200),
  /** UTC days, inclusive. */
  from: day,
  to: day,
});
export type TAuditFilters = z.infer<typeof ZAuditFilters>;
export const AUDIT_FILTER_KEYS = Object.keys(ZAuditFilters.shape) as (keyof TAuditFilters)[];

// "at" sorts by seq: the chain order, which is the order events were committed.
export const AUDIT_SORTS = ["at"] as const;
export const ZAuditQuery = tableParamsSchema({ sortable: AUDIT_SORTS, defaultSort: "at", defaultDir: "desc" }).extend(ZAuditFilters.shape);
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

/** Whether the filters keep the chain contiguous (only dates): then an export can be verified link by link. */
export function isContiguous(f: TAuditFilters): boolean {
  return !f.actor && !f.action && !f.targetType && !f.targetId;
}

export const ZAuditExportFormat = z.enum(["csv", "json"]);
