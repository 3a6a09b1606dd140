import { apiRoute } from "@/lib/api/route";
import { listOutboxPage } from "@/lib/notify/queries";
import { ZOutboxApiQuery } from "@/lib/notify/schemas";

export const dynamic = "force-dynamic";

/** Queued and sent messages (admins): ?to= filters by recipient, ?state=pending|sent|failed; cursor-paged. */
export const GET = apiRoute("settings:manage", async (req, viewer) => {
  const q = ZOutboxApiQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listOutboxPage(viewer, q));
});
