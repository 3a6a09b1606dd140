import "server-only";
import { db } from "../db";
import { recordAudit } from "../audit/log";
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission, type Viewer } from "../auth/permissions";
import { hashToken } from "./hash";
import { TOKEN_PREFIX } from "./schemas";

// lastUsedAt is rewritten at most once a minute per token, and a "token.use" audit event written at most once an
// hour: a busy integration neither turns every read into a write nor floods the audit log.
const LAST_USED_PRECISION_MS = 60_000;
const USE_AUDIT_INTERVAL_MS = 60 * 60_000;
const TOKEN_RE = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

export type TokenAuthFailure = "invalid_token" | "token_expired" | "token_revoked";

export type TokenAuthResult =
  | { ok: true; viewer: Viewer & { tokenId: string } }
  | { ok: false; code: TokenAuthFailure; message: string };

export interface TokenRequestInfo {
  ip: string | null;
  method: string;
  path: string;
}

/** The token in an `Authorization: Bearer ...` header, or null when the request sends none. */
export function bearerToken(req: Request): string | null {
  const h = req.headers.get("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m ? m[1]!.trim() : h.trim();
}

/**
 * Authenticates an API token. The token acts as its creator, re-read on every request (a deactivated creator or a
 * role change takes effect at once), limited to the token's scopes.
 */
export async function authenticateToken(token: string, info: TokenRequestInfo, now = new Date()): Promise<TokenAuthResult> {
  // Malformed tokens are refused without a database round trip.
  if (!TOKEN_RE.test(token)) return { ok: false, code: "invalid_token", message: "The API token is not valid. Send `Authorization: Bearer stw_...`." };
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { id: true, email: true, name: true, role: true, active: true } },
    },
  });
  if (!row) return { ok: false, code: "invalid_token", message: "The API token is not valid." };
  if (row.revokedAt) return { ok: false, code: "token_revoked", message: "This API token was revoked. Create a new one under Settings > API tokens." };
  if (row.expiresAt <= now) return { ok: false, code: "token_expired", message: "This API token has expired. Create a new one under Settings > API tokens." };
  if (!row.createdBy.active) return { ok: false, code: "invalid_token", message: "The API token's creator has been deactivated." };

  const rolePermissions = ROLE_PERMISSIONS[row.createdBy.role];
  const scopes = row.scopes.filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s) && rolePermissions.includes(s as Permission));
  await recordUse(row.id, row.lastUsedAt, { id: row.createdBy.id, email: row.createdBy.email }, info, now);
  const { id, email, name, role } = row.createdBy;
  return { ok: true, viewer: { id, email, name, role, scopes, tokenId: row.id } };
}

async function recordUse(tokenId: string, lastUsedAt: Date | null, creator: { id: string; email: string }, info: TokenRequestInfo, now: Date) {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
  const staleBefore = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  const audit = !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= USE_AUDIT_INTERVAL_MS;
  await db.$transaction(async (tx) => {
    // Conditional, so of several concurrent requests only one writes (and audits).
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now, lastUsedIp: info.ip },
    });
    if (count && audit) {
      await recordAudit(tx, {
        actor: { ...creator, tokenId },
        action: "token.use",
        targetType: "ApiToken",
        targetId: tokenId,
        meta: { ip: info.ip, method: info.method, path: info.path, firstUse: !lastUsedAt },
      });
    }
  });
}
