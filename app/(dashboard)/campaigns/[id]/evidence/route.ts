import { getViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { evidencePack } from "@/lib/campaigns/evidence";
import { NotFoundError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// The evidence pack (zip), streamed; the page's download button. The API serves the same at /api/v1/campaigns/{id}/evidence.
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in first.", { status: 401 });
  if (!can(viewer, "campaign:evidence")) return new Response("Only admins and auditors can download evidence packs.", { status: 403 });
  const { id } = await ctx.params;
  try {
    const { filename, stream } = await evidencePack(viewer, id);
    return new Response(stream, { headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
  } catch (err) {
    if (err instanceof NotFoundError) return new Response("Campaign not found.", { status: 404 });
    throw err;
  }
}
