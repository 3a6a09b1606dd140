import { apiRoute, jsonBody } from "@/lib/api/route";
import { createEndpoint } from "@/lib/webhooks/mutations";
import { listEndpoints } from "@/lib/webhooks/queries";
import { ZWebhookCreate } from "@/lib/webhooks/schemas";

export const dynamic = "force-dynamic";

/** Every endpoint with its delivery counts (a handful: one page). */
export const GET = apiRoute("webhook:manage", async (_req, viewer) => {
  return Response.json({ data: await listEndpoints(viewer), nextCursor: null });
});

/** JSON body: name, url (http/https), events. The answer carries the signing secret: the only time it is shown. */
export const POST = apiRoute("webhook:manage", async (req, viewer) => {
  const { endpoint, secret } = await createEndpoint(viewer, ZWebhookCreate.parse(await jsonBody(req)));
  return Response.json({ data: { ...endpoint, secret } }, { status: 201 });
});
