import { apiRoute } from "@/lib/api/route";
import { createDelegation, listMyDelegations } from "@/lib/campaigns/delegation";
import { ZDelegationInput } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

/** The caller's delegations in force or scheduled: given and received. */
export const GET = apiRoute("review:decide", async (_req, viewer) => Response.json({ data: await listMyDelegations(viewer) }));

/** JSON body: { delegateId, campaignId?, startsAt, endsAt, reason? } (admins may add delegatorId). */
export const POST = apiRoute("review:decide", async (req, viewer) => {
  const input = ZDelegationInput.parse(await req.json().catch(() => ({})));
  return Response.json({ data: await createDelegation(viewer, input) }, { status: 201 });
});
