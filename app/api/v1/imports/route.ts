import { after } from "next/server";
import { z } from "zod";
import { apiError, apiRoute } from "@/lib/api/route";
import { withImportUpload } from "@/lib/imports/http";
import { ImportFailedError } from "@/lib/imports/pipeline";
import { failureReport, importAndAssess, startImport } from "@/lib/imports/jobs";
import { listImportJobsPage } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

const ZList = z.object({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = apiRoute("import:run", async (req, viewer) => {
  const q = ZList.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listImportJobsPage(viewer, q.cursor, q.limit));
});

/**
 * Imports an export: multipart/form-data (`file` parts, `format`, `sourceKey`, `environment`) or the file as the raw
 * body (?filename=&format=&sourceKey=&environment=). By default waits and returns the report (201; 422 when nothing
 * landed). With ?wait=false it returns 202 with the job id at once and imports in the background: poll
 * GET /api/v1/imports/{id}.
 */
export const POST = apiRoute("import:run", (req, viewer) =>
  // The files are on disk until the import is done: removed when this handler returns, or after the background run.
  withImportUpload(req, async (upload) => {
    const input = { viewer, format: upload.fields.format, sourceKey: upload.fields.sourceKey, sourceEnvironment: upload.fields.environment, files: upload.files };
    if (!upload.wait) {
      const { jobId, run } = await startImport(input);
      after(upload.removeAfter(run));
      return Response.json({ data: { jobId, status: "QUEUED", url: `/api/v1/imports/${jobId}` } }, { status: 202, headers: { Location: `/api/v1/imports/${jobId}` } });
    }
    try {
      const report = await importAndAssess(input);
      if (report.status === "FAILED") return apiError(422, "invalid_request", report.errors[0]?.message ?? "Nothing was imported.", { jobId: report.jobId, report });
      return Response.json({ data: report }, { status: 201 });
    } catch (err) {
      if (err instanceof ImportFailedError) {
        const report = failureReport(err, { ...input, fileName: upload.files.map((f) => f.fileName).join(", ") });
        return apiError(422, "invalid_request", err.message, { jobId: err.jobId, report });
      }
      throw err;
    }
  }),
);
