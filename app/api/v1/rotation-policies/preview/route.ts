import { apiRoute, jsonBody } from "@/lib/api/route";

import { previewRotationPolicy } from "@/lib/rotation-policies/queries";
import { ZRotationPolicyPreview } from "@/lib/rotation-policies/schemas";

export const dynamic = "force-dynamic";

/** { policy } for a new one, { id, policy } for a change, { id, remove: true } for a deletion: nothing is saved. */
export const POST = apiRoute("settings:manage", async (req, viewer) => {
  return Response.json({ data: await previewRotationPolicy(viewer, ZRotationPolicyPreview.parse(await jsonBody(req))) });
});
