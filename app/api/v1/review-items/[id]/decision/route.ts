import { apiRoute } from "@/lib/api/route";
import { decide } from "@/lib/campaigns/decisions";
import { ZDecisionInput } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

/**
 * JSON body: { decisions?: [{ target: "IDENTITY", decision: "CONFIRM"|"REASSIGN"|"DECOMMISSION", reassignToId? } |
 * { target: "ENTITLEMENT", id, decision: "KEEP"|"REDUCE"|"REVOKE" } | { target: "CREDENTIAL", id, decision: "KEEP"|"ROTATE"|"REVOKE" } |
 * { target: "DELEGATION", decision: "KEEP"|"REDUCE"|"REVOKE" }], purpose?, breakGlassTested?: true, comment? }.
 * Refused with a message: a closed campaign (400), someone else's item (404, or 403 for admins), a missing required comment (400).
 */
export const POST = apiRoute("review:decide", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const body = ZDecisionInput.parse(await req.json().catch(() => ({})));
  return Response.json({ data: await decide(viewer, id, body) });
});
