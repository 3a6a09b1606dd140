import crypto from "node:crypto";

/**
 * Tokens are 256 random bits, so a plain SHA-256 is enough to store them (no salt or slow hash needed: there is
 * nothing to guess), and it lets a request find its token by an indexed equality lookup.
 */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}
