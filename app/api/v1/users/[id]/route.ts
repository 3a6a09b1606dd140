import { apiRoute, jsonBody } from "@/lib/api/route";
import { updateUser } from "@/lib/users/mutations";
import { getUser } from "@/lib/users/queries";
import { ZUserUpdate } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute("user:manage", async (_req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getUser(viewer, id) });
});

/** JSON body: role, teamId (null = no team), active. 409 for your own admin role or the last active admin. */
export const PATCH = apiRoute("user:manage", async (req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  return Response.json({ data: await updateUser(viewer, id, ZUserUpdate.parse(await jsonBody(req))) });
});
