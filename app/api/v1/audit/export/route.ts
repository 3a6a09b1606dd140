import { apiRoute } from "@/lib/api/route";
import { exportAuditLog } from "@/lib/audit/export";
import { ZAuditExportFormat, ZAuditFilters } from "@/lib/audit/schemas";

export const dynamic = "force-dynamic";

/** `?format=csv|json` plus the list's filters: a file with the chain head hash (JSON: verifiable offline). */
export const GET = apiRoute("audit:read", async (req, viewer) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const format = ZAuditExportFormat.parse(params.format ?? "json");
  const out = await exportAuditLog(viewer, ZAuditFilters.parse(params), format);
  return new Response(out.body, {
    headers: {
      "Content-Type": out.contentType,
      "Content-Disposition": `attachment; filename="${out.fileName}"`,
      "Cache-Control": "no-store",
      ...(out.head ? { "X-Steward-Audit-Chain-Head": out.head.hash } : {}),
    },
  });
});
