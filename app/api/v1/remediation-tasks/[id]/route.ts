import { apiRoute } from "@/lib/api/route";
import { updateTaskStatus } from "@/lib/remediation/mutations";
import { ZTaskUpdate } from "@/lib/remediation/schemas";

export const dynamic = "force-dynamic";

/** JSON body: { status: "OPEN"|"IN_PROGRESS"|"DONE"|"CANCELLED", note? } (a note is required to cancel). */
export const PATCH = apiRoute("remediation:work", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json({ data: await updateTaskStatus(viewer, id, ZTaskUpdate.parse(await req.json().catch(() => ({})))) });
});
