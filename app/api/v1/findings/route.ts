import { apiRoute } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/api/paging";
import { listFindingsPage } from "@/lib/findings/queries";
import { ZFindingFilters } from "@/lib/findings/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

/** Findings with the findings page's filters (owasp, severity, status, rule, team, source, owner), cursor-paged. */
export const GET = apiRoute("finding:read", async (req, viewer) => {
  const params = paramsOf(new URL(req.url));
  return Response.json(await listFindingsPage(viewer, ZFindingFilters.parse(params), ZCursorPage.parse(params)));
});
