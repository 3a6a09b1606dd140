import { apiRoute } from "@/lib/api/route";
import { reassignItems } from "@/lib/campaigns/mutations";
import { ZReassign } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

/** JSON body: { itemIds?: string[], fromReviewerId?: string | "none", toUserId: string }. */
export const POST = apiRoute("campaign:manage", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await reassignItems(viewer, id, ZReassign.parse(await req.json().catch(() => ({})))) });
});
