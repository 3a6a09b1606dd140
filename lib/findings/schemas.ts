import { z } from "zod";
import { firstOf, manyOf } from "../url-params";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Severity, type FindingStatus } from "../db/generated/enums";
import { OWASP_NHI } from "../rules/types";

export const FINDING_SORTS = ["severity", "firstSeen", "rule"] as const;



// Findings URL contract (page, export and API). Status defaults to open: what needs work.
export const ZFindingFilters = z.object({
  owasp: manyOf(z.enum(Object.keys(OWASP_NHI) as [keyof typeof OWASP_NHI, ...(keyof typeof OWASP_NHI)[]])),
  severity: manyOf(z.enum(Severity)),
  status: z.preprocess(firstOf, z.enum(["OPEN", "RESOLVED", "EXCEPTED", "ALL"] satisfies (FindingStatus | "ALL")[])).catch("OPEN").default("OPEN"),
  rule: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  team: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  source: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  owner: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
});
export type TFindingFilters = z.infer<typeof ZFindingFilters>;

export const ZFindingQuery = tableParamsSchema({ sortable: FINDING_SORTS, defaultSort: "severity", defaultDir: "asc" }).extend(ZFindingFilters.shape);
export type TFindingQuery = z.infer<typeof ZFindingQuery>;
