import type { Prisma } from "../db";
import { can, type Viewer } from "../auth/permissions";

/**
 * The rows of Identity a viewer may see (DESIGN.md section 3). Every identity query ANDs this in:
 * an OWNER sees the NHIs they own or back up; roles with identity:read-all see everything; others see nothing.
 */
export function identityScope(viewer: Viewer): Prisma.IdentityWhereInput {
  if (can(viewer, "identity:read-all")) return {};
  if (can(viewer, "identity:read")) return { OR: [{ ownerId: viewer.id }, { backupOwnerId: viewer.id }] };
  return { id: { in: [] } };
}
