import { apiRoute } from "@/lib/api/route";
import { evidencePack } from "@/lib/campaigns/evidence";

export const dynamic = "force-dynamic";

/** The evidence pack: a ZIP of decisions.csv, snapshots.json and summary.html. ADMIN and AUDITOR. */
export const GET = apiRoute("campaign:evidence", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const { filename, stream } = await evidencePack(viewer, id);
  return new Response(stream, { headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
});
