import { apiRoute } from "@/lib/api/route";
import { getReviewQuality } from "@/lib/campaigns/quality";

export const dynamic = "force-dynamic";

/** Review quality per certifier and overall, with the rubber-stamp flag. */
export const GET = apiRoute("campaign:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getReviewQuality(viewer, id) });
});
