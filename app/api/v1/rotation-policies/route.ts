import { apiRoute, jsonBody } from "@/lib/api/route";

import { createRotationPolicy } from "@/lib/rotation-policies/mutations";
import { listRotationPolicies } from "@/lib/rotation-policies/queries";
import { ZRotationPolicyInput } from "@/lib/rotation-policies/schemas";

export const dynamic = "force-dynamic";

/** The policies in force (a handful: one page), each with the credentials it governs and how many are overdue. */
export const GET = apiRoute("dashboard:read", async (_req, viewer) => {
  const { policies, unmatched, defaultMaxAgeDays } = await listRotationPolicies(viewer);
  return Response.json({ data: policies, nextCursor: null, unmatched, defaultMaxAgeDays });
});

export const POST = apiRoute("settings:manage", async (req, viewer) => {
  const input = ZRotationPolicyInput.parse(await jsonBody(req));
  return Response.json({ data: await createRotationPolicy(viewer, input) }, { status: 201 });
});
