import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { PERMISSIONS, type Permission } from "../auth/permissions";

/** Every token starts with this, so secret scanners (and people) recognise a leaked one. */
export const TOKEN_PREFIX = "stw_";
/** Characters of the token kept in clear (prefix + 8) to tell tokens apart in lists and logs. */
export const TOKEN_DISPLAY_LENGTH = TOKEN_PREFIX.length + 8;
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_EXPIRY_CHOICES = [7, 30, 90, 180, 365] as const;

// A token cannot manage tokens: a leaked one must not be able to mint a longer-lived successor.
export const TOKEN_SCOPES = PERMISSIONS.filter((p) => !p.startsWith("token:")) as Exclude<Permission, `token:${string}`>[];
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_LABELS: Record<TokenScope, string> = {
  "identity:read": "Read NHIs (an owner's token: only their own)",
  "identity:read-all": "Read every NHI",
  "identity:edit": "Edit NHIs (owner, backup owner, purpose, criticality)",
  "identity:edit-purpose-own": "Confirm the purpose of own NHIs",
  "identity:bulk-assign": "Assign owners in bulk",
  "identity:export": "Export the inventory",
  "audit:read": "Read and export the audit log",
  "import:run": "Import platform exports",
  "campaign:manage": "Manage review campaigns",
  "campaign:read": "Read campaigns, their progress and items",
  "campaign:evidence": "Download campaign evidence packs",
  "remediation:read": "Read remediation tasks (an owner's token: only their own)",
  "remediation:work": "Update remediation task status",
  "review:decide": "Decide review items",
  "exception:request": "Request risk exceptions",
  "exception:approve": "Approve risk exceptions",
  "exception:approve-if-granted": "Approve risk exceptions when the setting allows security viewers to",
  "exception:read": "Read risk exceptions (an owner's token: only their own NHIs')",
  "finding:read": "Read findings",
  "dashboard:read": "Read dashboard metrics",
  "settings:manage": "Change settings",
  "user:manage": "Manage users",
  "webhook:manage": "Manage outbound webhooks (endpoints, test events, redelivery)",
};

export const ZTokenCreate = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it?)").max(100, "Use at most 100 characters"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES as [TokenScope, ...TokenScope[]]), { error: "Choose at least one scope" })
    .min(1, "Choose at least one scope")
    .max(TOKEN_SCOPES.length),
  expiresInDays: z.coerce
    .number({ error: "Choose when the token expires" })
    .int()
    .min(1, "At least one day")
    .max(MAX_TOKEN_DAYS, `At most ${MAX_TOKEN_DAYS} days`),
});
export type TTokenCreate = z.infer<typeof ZTokenCreate>;

export const ZTokenId = z.object({ id: z.string().min(1).max(64) });

export const TOKEN_SORTS = ["createdAt"] as const;
export const ZTokenListQuery = tableParamsSchema({ sortable: TOKEN_SORTS, defaultSort: "createdAt", defaultDir: "desc", defaultSize: 25 });
export type TTokenListQuery = z.infer<typeof ZTokenListQuery>;

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date }, now = new Date()): TokenStatus {
  if (t.revokedAt) return "revoked";
  return t.expiresAt <= now ? "expired" : "active";
}
