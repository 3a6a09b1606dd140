import "server-only";
import crypto from "node:crypto";
import { db } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { hashToken } from "./hash";
import { TOKEN_DISPLAY_LENGTH, TOKEN_PREFIX, TOKEN_SCOPES, ZTokenCreate, type TokenScope, type TTokenCreate } from "./schemas";

/** Scopes a viewer may put on a token: the token scopes their own role holds. */
export function grantableScopes(viewer: Viewer): TokenScope[] {
  return TOKEN_SCOPES.filter((s) => can(viewer, s));
}

export interface CreatedToken {
  id: string;
  name: string;
  /** The token itself: shown once, never stored (only its SHA-256 is). */
  token: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date;
}

/**
 * Creates an API token for the viewer. Admins and owners may (owners' tokens read only what the owner can, since a
 * token acts as its creator); its scopes must be a subset of the creator's permissions and it always expires.
 */
export async function createApiToken(viewer: Viewer, raw: TTokenCreate): Promise<CreatedToken> {
  assertCan(viewer, "token:manage-own");
  const input = ZTokenCreate.parse(raw);
  const allowed = new Set(grantableScopes(viewer));
  const refused = input.scopes.filter((s) => !allowed.has(s));
  if (refused.length) {
    throw new ValidationError(`Your role cannot grant: ${refused.join(", ")}.`, { scopes: "Choose only scopes your role has" });
  }
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_DISPLAY_LENGTH);
  const scopes = [...new Set(input.scopes)].sort();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { name: input.name, tokenHash: hashToken(token), prefix, scopes, expiresAt, createdById: viewer.id },
      select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: "token.create",
      targetType: "ApiToken",
      targetId: row.id,
      after: { name: row.name, prefix, scopes, expiresAt: row.expiresAt },
    });
    return { ...row, token };
  });
}

/** Revokes a token at once. Admins may revoke any token; owners only their own (another's is "not found"). */
export async function revokeApiToken(viewer: Viewer, id: string): Promise<{ id: string }> {
  assertCan(viewer, "token:manage-own");
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id, ...(can(viewer, "token:manage") ? {} : { createdById: viewer.id }) },
      select: { id: true, name: true, prefix: true, revokedAt: true, createdById: true },
    });
    if (!token) throw new NotFoundError("Token not found.");
    if (token.revokedAt) throw new ValidationError("This token is already revoked.");
    const now = new Date();
    await tx.apiToken.update({ where: { id }, data: { revokedAt: now, revokedById: viewer.id } });
    await recordAudit(tx, {
      actor: viewer,
      action: "token.revoke",
      targetType: "ApiToken",
      targetId: id,
      before: { revokedAt: null },
      after: { revokedAt: now },
      meta: { name: token.name, prefix: token.prefix, createdById: token.createdById },
    });
    return { id };
  });
}
