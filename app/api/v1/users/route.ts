import { apiRoute, jsonBody } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/api/paging";
import { createUserAs } from "@/lib/users/mutations";
import { getUser, listUsersPage } from "@/lib/users/queries";
import { ZUserCreate } from "@/lib/users/schemas";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

export const GET = apiRoute("user:manage", async (req, viewer) => {
  return Response.json(await listUsersPage(viewer, ZCursorPage.parse(paramsOf(new URL(req.url)))));
});

/** JSON body: email, name, role, teamName (created when new), password (12+ characters). 409 when the e-mail is taken. */
export const POST = apiRoute("user:manage", async (req, viewer) => {
  const created = await createUserAs(viewer, ZUserCreate.parse(await jsonBody(req)));
  return Response.json({ data: await getUser(viewer, created.id) }, { status: 201 });
});
