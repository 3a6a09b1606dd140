import { apiRoute } from "@/lib/api/route";
import { searchPeople } from "@/lib/users/queries";
import { ZPeopleSearch } from "@/lib/users/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

// The people pickers' search. Each purpose checks its own permission in the data layer (403 otherwise), so the
// wrapper asks only for a signed-in reader here.
export const GET = apiRoute("identity:read", async (req, viewer) => {
  return Response.json({ data: await searchPeople(viewer, ZPeopleSearch.parse(paramsOf(new URL(req.url)))) });
});
