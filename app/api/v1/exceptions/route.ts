import { apiRoute, jsonBody } from "@/lib/api/route";
import { ensureExceptionsCurrent } from "@/lib/exceptions/expiry";
import { requestException } from "@/lib/exceptions/mutations";
import { listExceptionsPage } from "@/lib/exceptions/queries";
import { ZExceptionApiList, type TExceptionExtensionInput, type TExceptionRequestInput } from "@/lib/exceptions/schemas";

export const dynamic = "force-dynamic";

/** The register, newest first: ?status=&severity=&identityId=&cursor=&limit= -> { data, nextCursor }. */
export const GET = apiRoute("exception:read", async (req, viewer) => {
  const url = new URL(req.url);
  const q = ZExceptionApiList.parse({
    status: url.searchParams.getAll("status"),
    severity: url.searchParams.getAll("severity"),
    identityId: url.searchParams.get("identityId") ?? undefined,
    cursor: url.searchParams.get("cursor") ?? undefined,
    limit: url.searchParams.get("limit") ?? undefined,
  });
  await ensureExceptionsCurrent();
  return Response.json(await listExceptionsPage(viewer, q));
});

/**
 * Requests an exception: { identityId, scope: "FINDINGS", findingIds } or { identityId, scope: "RULE", ruleId }, plus
 * justification, controls, controlsNote, expiresOn (YYYY-MM-DD); or an extension: { previousId, ...terms }.
 */
export const POST = apiRoute("exception:request", async (req, viewer) => {
  const body = (await jsonBody(req)) as TExceptionRequestInput | TExceptionExtensionInput;
  const created = await requestException(viewer, body);
  return Response.json({ data: created }, { status: 201 });
});
