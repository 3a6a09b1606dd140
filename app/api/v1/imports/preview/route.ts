import { apiError, apiRoute } from "@/lib/api/route";
import { withImportUpload } from "@/lib/imports/http";
import { ImportFailedError, previewImport } from "@/lib/imports/pipeline";
import { toReport } from "@/lib/imports/report";

export const dynamic = "force-dynamic";

/**
 * What importing this upload would do, without doing it: the format detected and the counts (created, updated,
 * unchanged, deleted at source, rejected rows). Same body as POST /api/v1/imports; nothing is written.
 */
export const POST = apiRoute("import:run", (req, viewer) =>
  withImportUpload(req, async (upload) => {
    try {
      const summary = await previewImport({ viewer, format: upload.fields.format, sourceKey: upload.fields.sourceKey, sourceEnvironment: upload.fields.environment, files: upload.files });
      return Response.json({ data: toReport(summary) });
    } catch (err) {
      if (err instanceof ImportFailedError) return apiError(422, "invalid_request", err.message);
      throw err;
    }
  }),
);
