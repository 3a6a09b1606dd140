import { apiRoute } from "@/lib/api/route";
import { revokeDelegation } from "@/lib/campaigns/delegation";

export const dynamic = "force-dynamic";

/** Ends a delegation now (its delegator, its delegate, or an admin). */
export const POST = apiRoute("review:decide", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await revokeDelegation(viewer, id) });
});
