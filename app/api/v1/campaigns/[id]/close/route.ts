import { apiRoute } from "@/lib/api/route";
import { closeCampaign } from "@/lib/campaigns/mutations";

export const dynamic = "force-dynamic";

export const POST = apiRoute("campaign:manage", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await closeCampaign(viewer, id) });
});
