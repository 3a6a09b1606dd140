import { getViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { csvHeaders } from "@/lib/csv/stream";
import { exportInventoryCsv } from "@/lib/identities/export";
import { ZInventoryQuery } from "@/lib/identities/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

// CSV of the current inventory filter, streamed batch by batch (never built in memory).
export async function GET(req: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in first.", { status: 401 });
  if (!can(viewer, "identity:export")) return new Response("Forbidden.", { status: 403 });
  const query = ZInventoryQuery.parse(paramsOf(new URL(req.url)));
  return new Response(exportInventoryCsv(viewer, query), { headers: csvHeaders("steward-inventory") });
}
