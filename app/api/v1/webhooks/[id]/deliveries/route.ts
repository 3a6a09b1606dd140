import { apiRoute } from "@/lib/api/route";
import { listDeliveriesPage } from "@/lib/webhooks/queries";
import { ZDeliveryPage } from "@/lib/webhooks/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

/** The endpoint's delivery log, newest first: status, attempts, last status code, duration, error, response snippet. */
export const GET = apiRoute("webhook:manage", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json(await listDeliveriesPage(viewer, id, ZDeliveryPage.parse(paramsOf(new URL(req.url)))));
});
