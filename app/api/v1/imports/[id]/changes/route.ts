import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { getImportJob, listImportChangesPage } from "@/lib/imports/queries";

export const dynamic = "force-dynamic";

const ZList = z.object({ cursor: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

/** What one import changed (created, updated with field before/after, revoked, deleted at source), oldest first. */
export const GET = apiRoute("import:run", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  await getImportJob(viewer, id); // 404 for an unknown import
  const q = ZList.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listImportChangesPage(viewer, id, q.cursor, q.limit));
});
