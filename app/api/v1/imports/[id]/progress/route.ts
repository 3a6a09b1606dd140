import { getServerSession } from "next-auth";
import { apiRoute } from "@/lib/api/route";
import { authOptions } from "@/lib/auth/options";
import { can } from "@/lib/auth/permissions";
import { getImportJob } from "@/lib/imports/queries";
import { getLiveJob } from "@/lib/imports/runner";

export const dynamic = "force-dynamic";

const fromDatabase = apiRoute("import:run", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const job = await getImportJob(viewer, id);
  return Response.json({ data: { id: job.id, status: job.status, phase: job.phase, progress: job.progress } });
});

/**
 * Status, phase and progress of an import, for the page that follows it. A job running in this server process is
 * answered from memory, with the signed session only (no database read): the embedded database is busy with the
 * import's transaction until it ends, and this is what lets the page show progress meanwhile. Everything else
 * (finished jobs, other replicas, API tokens) is the regular authorized read of GET /api/v1/imports/{id}.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  const live = getLiveJob(id);
  if (live) {
    const session = await getServerSession(authOptions);
    const user = session?.user;
    if (user?.id && user.role && can({ role: user.role }, "import:run")) {
      return Response.json({ data: { id, status: live.status, phase: live.progress.phase, progress: live.progress } }, { headers: { "Cache-Control": "no-store" } });
    }
  }
  return fromDatabase(req, ctx);
}
