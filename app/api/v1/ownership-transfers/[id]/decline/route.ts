import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { decideTransfer } from "@/lib/ownership/mutations";

export const dynamic = "force-dynamic";

/** The new owner declines. JSON body: { reason } (required). The NHI stays with its owner. */
export const POST = apiRoute("review:decide", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const body = z.object({ reason: z.string().optional() }).parse(await req.json().catch(() => ({})));
  return Response.json({ data: await decideTransfer(viewer, { id, accept: false, reason: body.reason }) });
});
