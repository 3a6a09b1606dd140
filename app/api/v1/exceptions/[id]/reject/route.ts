import { z } from "zod";
import { apiRoute, jsonBody } from "@/lib/api/route";
import { decideExceptions } from "@/lib/exceptions/mutations";

export const dynamic = "force-dynamic";

const ZBody = z.object({ comment: z.string().optional() });

// Approving depends on a setting (lib/exceptions/permissions.ts): the data layer checks it.
export const POST = apiRoute("exception:read", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { comment } = ZBody.parse(await jsonBody(req, { optional: true }));
  return Response.json({ data: await decideExceptions(viewer, { ids: [id], decision: "REJECT", comment }) });
});
