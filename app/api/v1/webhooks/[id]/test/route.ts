import { apiRoute } from "@/lib/api/route";
import { sendTestEvent } from "@/lib/webhooks/mutations";

export const dynamic = "force-dynamic";

/** Sends a signed `webhook.test` event now; the answer is the attempt (status code, duration, error). */
export const POST = apiRoute("webhook:manage", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await sendTestEvent(viewer, id) });
});
