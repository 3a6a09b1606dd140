import { z } from "zod";
import { apiRoute, jsonBody } from "@/lib/api/route";
import { revokeException } from "@/lib/exceptions/mutations";

export const dynamic = "force-dynamic";

const ZBody = z.object({ reason: z.string() });

export const POST = apiRoute("exception:read", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { reason } = ZBody.parse(await jsonBody(req));
  return Response.json({ data: await revokeException(viewer, { id, reason }) });
});
