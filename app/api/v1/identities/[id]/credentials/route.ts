import { apiRoute } from "@/lib/api/route";
import { ZCursorPage } from "@/lib/api/paging";
import { listCredentialsPage } from "@/lib/identities/queries";
import { paramsOf } from "@/lib/url-params";

export const dynamic = "force-dynamic";

/** Credential metadata (type, status, dates, fingerprint, where it is stored); never a secret value. */
export const GET = apiRoute("identity:read", async (req, viewer, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  return Response.json(await listCredentialsPage(viewer, id, ZCursorPage.parse(paramsOf(new URL(req.url)))));
});
