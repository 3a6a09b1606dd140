import { apiRoute } from "@/lib/api/route";
import { getCampaign, getCampaignProgress } from "@/lib/campaigns/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute("campaign:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const campaign = await getCampaign(viewer, id);
  const progress = campaign.status === "DRAFT" ? null : await getCampaignProgress(viewer, id);
  return Response.json({ data: { ...campaign, progress: progress ?? campaign.progress, byTeam: progress?.teams, byReviewer: progress?.reviewers } });
});
