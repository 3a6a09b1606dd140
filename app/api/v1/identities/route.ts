import { apiRoute } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/api/paging";
import { listIdentitiesPage } from "@/lib/identities/queries";
import { ZInventoryFilters } from "@/lib/identities/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

/** The inventory with the inventory page's filters (q, kind, source, env, status, criticality, owner, team, ...), cursor-paged. */
export const GET = apiRoute("identity:read", async (req, viewer) => {
  const params = paramsOf(new URL(req.url));
  return Response.json(await listIdentitiesPage(viewer, ZInventoryFilters.parse(params), ZCursorPage.parse(params)));
});
