import { apiRoute } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/api/paging";
import { listEntitlementsPage } from "@/lib/identities/queries";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

export const GET = apiRoute("identity:read", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json(await listEntitlementsPage(viewer, id, ZCursorPage.parse(paramsOf(new URL(req.url)))));
});
