import { apiRoute } from "@/lib/api/route";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { getException, toApiException } from "@/lib/exceptions/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute("exception:read", async (_req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  await ensureExceptionsCurrent();
  const d = await getException(viewer, id);
  return Response.json({
    data: {
      ...toApiException(d.exception),
      findings: d.findings.map((f) => ({ id: f.id, ruleId: f.ruleId, severity: f.severity, status: f.status, summary: f.summary })),
      extensions: d.extensions,
    },
  });
});
