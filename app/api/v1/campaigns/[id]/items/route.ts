import { apiRoute } from "@/lib/api/route";
import { listCampaignItemsPage } from "@/lib/campaigns/queries";
import { ZCursorPage } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

// identity:read is every role's; the data layer narrows it: admins, security viewers and auditors see every item,
// a reviewer only the items assigned or delegated to them, the same as the pages.
export const GET = apiRoute("identity:read", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const q = ZCursorPage.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listCampaignItemsPage(viewer, id, q.cursor, q.limit));
});
