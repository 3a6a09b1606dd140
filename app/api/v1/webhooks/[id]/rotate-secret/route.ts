import { apiRoute } from "@/lib/api/route";
import { rotateSecret } from "@/lib/webhooks/mutations";

export const dynamic = "force-dynamic";

/** A new signing secret, returned once; the old one stops signing at once. */
export const POST = apiRoute("webhook:manage", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await rotateSecret(viewer, id) });
});
