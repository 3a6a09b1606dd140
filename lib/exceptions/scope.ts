import type { Prisma } from "../db";
import { can, type Viewer } from "../auth/permissions";
import { identityScope } from "../identities/scope";

/**
 * The risk exceptions a viewer may see: those on NHIs the viewer may see (an OWNER: NHIs they own or back up),
 * nothing without exception:read. Every exception query ANDs this in.
 */
export function exceptionScope(viewer: Viewer): Prisma.RiskExceptionWhereInput {
  if (!can(viewer, "exception:read")) return { id: { in: [] } };
  if (can(viewer, "identity:read-all")) return {};
  return { identity: identityScope(viewer) };
}
