import { getViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { exportInventoryCsv } from "@/lib/identities/export";
import { ZInventoryQuery } from "@/lib/identities/schemas";

export const dynamic = "force-dynamic";

// CSV of the current inventory filter, streamed batch by batch (never built in memory).
export async function GET(req: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in first.", { status: 401 });
  if (!can(viewer, "identity:export")) return new Response("Forbidden.", { status: 403 });
  const url = new URL(req.url);
  const sp: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (sp[k] ??= []).push(v);
  const query = ZInventoryQuery.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, v.length === 1 ? v[0] : v])));
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(exportInventoryCsv(viewer, query), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="steward-inventory-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
