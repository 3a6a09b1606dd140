import { apiRoute } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/campaigns/schemas";
import { listRemediationTasksPage } from "@/lib/remediation/queries";
import { ZTaskFilters } from "@/lib/remediation/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("remediation:read", async (req, viewer) => {
  const sp = Object.fromEntries(new URL(req.url).searchParams);
  const q = ZCursorPage.parse({ cursor: sp.cursor, limit: sp.limit });
  return Response.json(await listRemediationTasksPage(viewer, ZTaskFilters.parse(sp), q.cursor, q.limit));
});
