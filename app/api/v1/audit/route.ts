import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { getChainHead, listAuditEventsPage } from "@/lib/audit/queries";
import { ZAuditFilters } from "@/lib/audit/schemas";

export const dynamic = "force-dynamic";

const ZPage = z.object({ cursor: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Audit events newest first, filtered by actor, action, target and date; `chainHead` is the newest event. */
export const GET = apiRoute("audit:read", async (req, viewer) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const page = ZPage.parse({ cursor: params.cursor, limit: params.limit });
  const filters = ZAuditFilters.parse(params);
  const [result, chainHead] = await Promise.all([listAuditEventsPage(viewer, filters, page.cursor, page.limit), getChainHead(viewer)]);
  return Response.json({ ...result, chainHead });
});
