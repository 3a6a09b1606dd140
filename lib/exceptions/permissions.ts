import "server-only";
import { can, ForbiddenError, type Viewer } from "../auth/permissions";
import { getExceptionPolicy } from "../settings/exception-policy";

/**
 * The one check for "may approve or reject risk exceptions": ADMIN always (exception:approve); SECURITY_VIEWER
 * (exception:approve-if-granted) only while an admin has turned the policy setting on. Never one's own request:
 * that is checked per request in lib/exceptions/mutations.ts.
 */
export async function canApproveExceptions(viewer: Viewer | null | undefined): Promise<boolean> {
  if (!viewer) return false;
  if (can(viewer, "exception:approve")) return true;
  if (!can(viewer, "exception:approve-if-granted")) return false;
  return (await getExceptionPolicy()).securityViewerCanApprove;
}

export async function assertCanApproveExceptions(viewer: Viewer | null | undefined): Promise<void> {
  if (!(await canApproveExceptions(viewer))) throw new ForbiddenError("Your role does not allow approving risk exceptions.");
}

/**
 * May end an exception early (revoke a pending or active one): an approver; or, with exception:request, its requester
 * or the NHI's owner or backup owner (withdrawing their own acceptance only lowers accepted risk).
 */
export function mayRevoke(
  viewer: Viewer,
  ex: { requestedById: string; identity: { ownerId: string | null; backupOwnerId: string | null } | null },
  isApprover: boolean,
): boolean {
  if (isApprover) return true;
  if (!can(viewer, "exception:request")) return false;
  return ex.requestedById === viewer.id || ex.identity?.ownerId === viewer.id || ex.identity?.backupOwnerId === viewer.id;
}
