import { apiRoute } from "@/lib/api/route";
import { listCampaignDelegations } from "@/lib/campaigns/delegation";

export const dynamic = "force-dynamic";

/** Delegations that covered this campaign: who decided for whom, and when. */
export const GET = apiRoute("campaign:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await listCampaignDelegations(viewer, id) });
});
