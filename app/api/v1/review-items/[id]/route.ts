import { apiRoute } from "@/lib/api/route";
import { getReviewItem } from "@/lib/campaigns/queries";

export const dynamic = "force-dynamic";

/** One item with its frozen snapshot and decisions; 404 outside the caller's scope. */
export const GET = apiRoute("identity:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getReviewItem(viewer, id) });
});
