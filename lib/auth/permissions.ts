import type { Role } from "../db/generated/enums";
import { ForbiddenError, NotFoundError } from "../errors";

export { ForbiddenError, NotFoundError };

// The one table of who may do what (DESIGN.md section 3). Deny by default: a permission not listed is refused.
export const PERMISSIONS = [
  "identity:read", // scoped: OWNER sees only NHIs they own or back up
  "identity:read-all",
  "identity:edit", // owner, backup owner, purpose, criticality of any NHI
  "identity:edit-purpose-own",
  "identity:bulk-assign",
  "identity:export",
  "audit:read",
  "import:run",
  "campaign:manage",
  "campaign:read", // campaigns, their progress and items
  "campaign:evidence", // download a campaign's evidence pack
  "review:decide", // scoped: only items assigned or delegated to the viewer
  "remediation:read", // scoped: OWNER sees tasks assigned to them or on NHIs they own
  "remediation:work", // scoped like remediation:read: move a task to in progress / done / cancelled
  "exception:read", // scoped like identity:read: OWNER sees exceptions on the NHIs they own or back up
  "exception:request",
  "exception:approve",
  "exception:approve-if-granted", // approves only while the admin setting allows it (lib/exceptions/permissions.ts)
  "finding:read",
  "dashboard:read",
  "settings:manage",
  "user:manage",
  "webhook:manage", // outbound webhook endpoints, their secrets and delivery log
  "token:manage",
  "token:manage-own",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  SECURITY_VIEWER: ["identity:read", "identity:read-all", "identity:export", "finding:read", "dashboard:read", "exception:read", "exception:approve-if-granted", "campaign:read", "remediation:read"],
  AUDITOR: [
    "identity:read",
    "identity:read-all",
    "identity:export",
    "finding:read",
    "dashboard:read",
    "audit:read",
    "exception:read",
    "campaign:read",
    "campaign:evidence",
    "remediation:read",
  ],
  OWNER: [
    "identity:read",
    "identity:edit-purpose-own",
    "identity:export",
    "review:decide",
    "exception:read",
    "exception:request",
    "finding:read",
    "token:manage-own",
    "remediation:read",
    "remediation:work",
  ],
};

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  SECURITY_VIEWER: "Security viewer",
  AUDITOR: "Auditor",
  OWNER: "Identity owner",
};

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  /**
   * Set when the request came with an API token: the token's scopes. Effective permissions are the role's
   * permissions that are also in here, so a token can never do more than its creator's current role.
   */
  scopes?: readonly Permission[];
  /** The API token the request used (audit events record it). */
  tokenId?: string;
}

export function can(viewer: Pick<Viewer, "role" | "scopes"> | null | undefined, permission: Permission): boolean {
  if (!viewer) return false;
  if (viewer.scopes && !viewer.scopes.includes(permission)) return false;
  return ROLE_PERMISSIONS[viewer.role]?.includes(permission) ?? false;
}


export function assertCan(viewer: Viewer | null | undefined, permission: Permission): asserts viewer is Viewer {
  if (!can(viewer, permission)) throw new ForbiddenError();
}
