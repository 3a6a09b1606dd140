import { apiRoute } from "@/lib/api/route";
import { handOver } from "@/lib/ownership/mutations";
import { listMyTransfers } from "@/lib/ownership/queries";
import { ZHandover } from "@/lib/ownership/schemas";

export const dynamic = "force-dynamic";

/** The caller's open transfers: offered to them (incoming) and offered by them (outgoing). */
export const GET = apiRoute("review:decide", async (_req, viewer) => Response.json({ data: await listMyTransfers(viewer) }));

/** Hand an NHI over. JSON body: { identityId, toUserId, reason }. The NHI moves when the new owner accepts. */
export const POST = apiRoute("identity:read", async (req, viewer) => {
  const input = ZHandover.parse(await req.json().catch(() => ({})));
  return Response.json({ data: await handOver(viewer, input) }, { status: 201 });
});
