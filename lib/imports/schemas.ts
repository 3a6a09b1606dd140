import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Environment } from "../db/generated/enums";

export const IMPORT_SORTS = ["startedAt"] as const;
export const ZImportListQuery = tableParamsSchema({ sortable: IMPORT_SORTS, defaultSort: "startedAt", defaultDir: "desc", defaultSize: 25 });
export type TImportListQuery = z.infer<typeof ZImportListQuery>;

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

/** Per file; past this an upload is refused before it is read (streaming imports of larger files use the CLI). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
