import { apiRoute } from "@/lib/api/route";
import { getImportJob } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

/** One import: status, phase and progress while it runs, then its report, row errors and warnings. */
export const GET = apiRoute("import:run", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getImportJob(viewer, id) });
});
