import { apiRoute, jsonBody } from "@/lib/api/route";

import { deleteRotationPolicy, updateRotationPolicy } from "@/lib/rotation-policies/mutations";
import { getRotationPolicy } from "@/lib/rotation-policies/queries";
import { ZRotationPolicyInput } from "@/lib/rotation-policies/schemas";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

export const GET = apiRoute("dashboard:read", async (_req, viewer, ctx: Ctx) => {
  return Response.json({ data: await getRotationPolicy(viewer, (await ctx.params).id) });
});

/** Replaces the policy (send every field; blank scope = any). */
export const PATCH = apiRoute("settings:manage", async (req, viewer, ctx: Ctx) => {
  const input = ZRotationPolicyInput.parse(await jsonBody(req));
  return Response.json({ data: await updateRotationPolicy(viewer, (await ctx.params).id, input) });
});

export const DELETE = apiRoute("settings:manage", async (_req, viewer, ctx: Ctx) => {
  await deleteRotationPolicy(viewer, (await ctx.params).id);
  return new Response(null, { status: 204 });
});
