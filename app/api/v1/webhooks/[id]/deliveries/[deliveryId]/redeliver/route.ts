import { apiRoute } from "@/lib/api/route";
import { redeliver } from "@/lib/webhooks/mutations";

export const dynamic = "force-dynamic";

/** Sends the delivery's event again now, as a new delivery (409 while the original is still being retried). */
export const POST = apiRoute("webhook:manage", async (_req, viewer, ctx: { params: Promise<{ id: string; deliveryId: string }> }) => {
  const { id, deliveryId } = await ctx.params;
  return Response.json({ data: await redeliver(viewer, { endpointId: id, deliveryId }) });
});
