import { apiRoute } from "@/lib/api/route";
import { bulkKeepUsedRevokeUnused, previewBulkDecision } from "@/lib/campaigns/decisions";
import { ZBulkDecision } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

/** What "keep all used, revoke all unused" would decide for the caller's undecided items now. */
export const GET = apiRoute("review:decide", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await previewBulkDecision(viewer, id) });
});

/** JSON body: { itemIds?: string[], comment?: string }. Never overwrites a decision already made. */
export const POST = apiRoute("review:decide", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await bulkKeepUsedRevokeUnused(viewer, id, ZBulkDecision.parse(await req.json().catch(() => ({})))) });
});
