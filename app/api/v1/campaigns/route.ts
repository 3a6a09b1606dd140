import { apiRoute } from "@/lib/api/route";
import { createCampaign } from "@/lib/campaigns/mutations";
import { listCampaignsPage } from "@/lib/campaigns/queries";
import { ZCampaignInput, ZCursorPage } from "@/lib/campaigns/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute("campaign:read", async (req, viewer) => {
  const q = ZCursorPage.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listCampaignsPage(viewer, q.cursor, q.limit));
});

/** JSON body: name, description, scope (inventory filters), fallbackReviewerId, backupReviewerId, dueAt, commentRequired, noResponseOutcome, remediationDays. */
export const POST = apiRoute("campaign:manage", async (req, viewer) => {
  const body = ZCampaignInput.parse(await req.json().catch(() => ({})));
  return Response.json({ data: await createCampaign(viewer, body) }, { status: 201 });
});
