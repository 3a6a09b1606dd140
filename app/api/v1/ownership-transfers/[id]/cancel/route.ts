import { apiRoute } from "@/lib/api/route";
import { cancelTransfer } from "@/lib/ownership/mutations";

export const dynamic = "force-dynamic";

/** Withdraw an open transfer (whoever asked, the current owner, or an admin). */
export const POST = apiRoute("identity:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await cancelTransfer(viewer, id) });
});
