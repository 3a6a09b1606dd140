import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Environment } from "../db/generated/enums";

export const IMPORT_SORTS = ["startedAt"] as const;
export const ZImportListQuery = tableParamsSchema({ sortable: IMPORT_SORTS, defaultSort: "startedAt", defaultDir: "desc", defaultSize: 25 });
export type TImportListQuery = z.infer<typeof ZImportListQuery>;

/** The changes table on an import's page: its own page/size params so it does not collide with anything else. */
export const ZChangePage = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  size: z.coerce.number().int().refine((n) => [25, 50, 100, 200].includes(n)).catch(50),
});

export const SUGGESTION_SORTS = ["createdAt", "identity"] as const;
export const ZSuggestionListQuery = tableParamsSchema({ sortable: SUGGESTION_SORTS, defaultSort: "createdAt", defaultDir: "desc", defaultSize: 50 }).extend({
  status: z.enum(["PENDING", "ACCEPTED", "DISMISSED"]).catch("PENDING"),
  job: z.string().max(64).optional().catch(undefined),
});
export type TSuggestionListQuery = z.infer<typeof ZSuggestionListQuery>;

/** Accept or dismiss owner suggestions (one, or many at once). */
export const ZSuggestionDecision = z.object({
  ids: z.array(z.string().min(1).max(64)).min(1, "Select at least one suggestion").max(1000, "At most 1,000 at a time"),
  decision: z.enum(["accept", "dismiss"]),
});
export type TSuggestionDecision = z.infer<typeof ZSuggestionDecision>;

// Upload form / API fields besides the files themselves.
export const ZImportRequest = z.object({
  format: z.string().trim().min(1).max(64).default("auto"),
  sourceKey: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => v || undefined),
  environment: z
    .enum(Environment)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type TImportRequest = z.infer<typeof ZImportRequest>;

/**
 * Per upload through the web app and the API; past this an upload is refused before it is read (declared size) or
 * while it is streamed to disk (lib/imports/http.ts). The CLI streams Steward's CSV template with no size limit.
 * The upload endpoints bypass the proxy (proxy.ts matcher), which would otherwise hold the body in memory.
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
