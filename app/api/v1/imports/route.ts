import { z } from "zod";
import { apiError, apiRoute } from "@/lib/api/route";
import { ImportFailedError } from "@/lib/imports/pipeline";
import { importAndAssess } from "@/lib/imports/import-and-assess";
import { listImportJobsPage } from "@/lib/imports/queries";
import { MAX_IMPORT_BYTES, ZImportRequest } from "@/lib/imports/schemas";

export const dynamic = "force-dynamic";

const ZList = z.object({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = apiRoute("import:run", async (req, viewer) => {
  const q = ZList.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listImportJobsPage(viewer, q.cursor, q.limit));
});

/** multipart/form-data: one or more `file` parts (several for GCP or Azure exports), `format`, `sourceKey`, `environment`. */
export const POST = apiRoute("import:run", async (req, viewer) => {
  const form = await req.formData().catch(() => null);
  if (!form) return apiError(400, "invalid_request", "Send the export as multipart/form-data with a `file` field.");
  const files = form.getAll("file").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && f.size > 0);
  if (!files.length) return apiError(400, "invalid_request", "Choose at least one non-empty export file.");
  const tooBig = files.find((f) => f.size > MAX_IMPORT_BYTES);
  if (tooBig) return apiError(413, "invalid_request", `${tooBig.name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; import it with the CLI.`);
  const fields = ZImportRequest.parse({
    format: form.get("format") ?? undefined,
    sourceKey: form.get("sourceKey") ?? undefined,
    environment: form.get("environment") ?? undefined,
  });
  try {
    const summary = await importAndAssess({
      viewer,
      format: fields.format,
      sourceKey: fields.sourceKey,
      sourceEnvironment: fields.environment,
      files: await Promise.all(files.map(async (f) => ({ fileName: f.name, buffer: Buffer.from(await f.arrayBuffer()) }))),
    });
    return Response.json({ data: summary }, { status: 201 });
  } catch (err) {
    if (err instanceof ImportFailedError) return apiError(422, "invalid_request", err.message, { jobId: err.jobId });
    throw err;
  }
});
