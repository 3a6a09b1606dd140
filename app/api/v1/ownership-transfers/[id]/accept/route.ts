import { apiRoute } from "@/lib/api/route";
import { decideTransfer } from "@/lib/ownership/mutations";

export const dynamic = "force-dynamic";

/** The new owner accepts: they become the NHI's owner. */
export const POST = apiRoute("review:decide", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await decideTransfer(viewer, { id, accept: true }) });
});
