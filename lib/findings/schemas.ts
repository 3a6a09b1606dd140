import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Severity, type FindingStatus } from "../db/generated/enums";
import { OWASP_NHI } from "../rules/types";

export const FINDING_SORTS = ["severity", "firstSeen", "rule"] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const many = <T extends z.ZodType>(item: T) =>
  z
    .preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")), z.array(z.unknown()))
    .transform((values) => values.flatMap((v) => {
      const r = item.safeParse(v);
      return r.success ? [r.data as z.infer<T>] : [];
    }))
    .catch([]);

// Findings URL contract (page, export and API). Status defaults to open: what needs work.
export const ZFindingFilters = z.object({
  owasp: many(z.enum(Object.keys(OWASP_NHI) as [keyof typeof OWASP_NHI, ...(keyof typeof OWASP_NHI)[]])),
  severity: many(z.enum(Severity)),
  status: z.preprocess(first, z.enum(["OPEN", "RESOLVED", "EXCEPTED", "ALL"] satisfies (FindingStatus | "ALL")[])).catch("OPEN").default("OPEN"),
  rule: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
  team: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
  source: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
  owner: z.preprocess(first, z.string().min(1).max(64).optional()).catch(undefined),
});
export type TFindingFilters = z.infer<typeof ZFindingFilters>;

export const ZFindingQuery = tableParamsSchema({ sortable: FINDING_SORTS, defaultSort: "severity", defaultDir: "asc" }).extend(ZFindingFilters.shape);
export type TFindingQuery = z.infer<typeof ZFindingQuery>;
