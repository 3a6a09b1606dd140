import { apiRoute, jsonBody } from "@/lib/api/route";
import { getIdentity } from "@/lib/identities/queries";
import { updateIdentity } from "@/lib/identities/mutations";
import { ZIdentityUpdate } from "@/lib/identities/schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute("identity:read", async (_req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  return Response.json({ data: await getIdentity(viewer, id) });
});

/** Admins: ownerId, backupOwnerId, purpose, criticality. Owners: the purpose of NHIs they own or back up (as in the UI). */
export const PATCH = apiRoute("identity:read", async (req, viewer, ctx: Ctx) => {
  const { id } = await ctx.params;
  const body = ZIdentityUpdate.strict().parse(await jsonBody(req));
  await updateIdentity(viewer, id, body);
  return Response.json({ data: await getIdentity(viewer, id) });
});
