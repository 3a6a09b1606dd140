import { apiRoute, jsonBody } from "@/lib/api/route";
import { deleteEndpoint, updateEndpoint } from "@/lib/webhooks/mutations";
import { getEndpoint } from "@/lib/webhooks/queries";
import { ZWebhookUpdate } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute("webhook:manage", async (_req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getEndpoint(viewer, id) });
});

/** JSON body: name, url, events, enabled (false = disable: nothing is sent until it is enabled again). */
export const PATCH = apiRoute("webhook:manage", async (req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  return Response.json({ data: await updateEndpoint(viewer, id, ZWebhookUpdate.parse(await jsonBody(req))) });
});

export const DELETE = apiRoute("webhook:manage", async (_req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  await deleteEndpoint(viewer, id);
  return new Response(null, { status: 204 });
});
