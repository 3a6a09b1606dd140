import { getViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { csvHeaders } from "@/lib/csv/stream";
import { exportFindingsCsv } from "@/lib/findings/export";
import { ZFindingFilters } from "@/lib/findings/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

// CSV of the findings page's current filter (owners: their NHIs only), streamed batch by batch.
export async function GET(req: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in first.", { status: 401 });
  if (!can(viewer, "finding:read")) return new Response("Forbidden.", { status: 403 });
  const filters = ZFindingFilters.parse(paramsOf(new URL(req.url)));
  return new Response(exportFindingsCsv(viewer, filters), { headers: csvHeaders("steward-findings") });
}
