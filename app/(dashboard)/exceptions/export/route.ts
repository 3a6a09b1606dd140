import { getViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { exportExceptionsCsv } from "@/lib/exceptions/export";
import { canApproveExceptions } from "@/lib/exceptions/permissions";
import { defaultQueue } from "@/lib/exceptions/queries";
import { ZExceptionQuery } from "@/lib/exceptions/schemas";

export const dynamic = "force-dynamic";

// CSV of the register for the current queue and filters (same URL params as the page), streamed.
export async function GET(req: Request) {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in first.", { status: 401 });
  if (!can(viewer, "exception:read")) return new Response("Forbidden.", { status: 403 });
  await ensureExceptionsCurrent();
  const sp: Record<string, string[]> = {};
  for (const [k, v] of new URL(req.url).searchParams) (sp[k] ??= []).push(v);
  const query = ZExceptionQuery.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, v.length === 1 ? v[0] : v])));
  const queue = query.queue ?? defaultQueue(await canApproveExceptions(viewer));
  const { page: _page, size: _size, sort: _sort, dir: _dir, ...filters } = query;
  return new Response(exportExceptionsCsv(viewer, filters, queue), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="steward-exceptions-${queue}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
