// Webhook signatures and the signing secrets' storage.
//
// Signature (Stripe-style, so receivers can reuse familiar code): `Steward-Signature: t=<unix seconds>,v1=<hex>`
// where hex = HMAC-SHA256(secret, `${t}.${body}`). Receivers recompute it over the raw body, compare in constant
// time and refuse timestamps older than a few minutes (replay).
//
// Storage: HMAC needs the secret itself, so it cannot be hashed like API tokens. It is encrypted with AES-256-GCM
// under a key derived (HKDF) from the app secret (NEXTAUTH_SECRET), so a database dump or backup alone does not
// reveal it; it is decrypted only in memory to sign, never returned by a read and never logged (SECURITY.md).
import crypto from "node:crypto";
import { authSecret } from "../auth/secret";

export const SECRET_PREFIX = "whsec_";

export function generateSigningSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(32).toString("base64url");
}

function key(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", authSecret(), "steward", "webhook signing secrets v1", 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptSecret(secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export class SecretUnreadableError extends Error {}

export function decryptSecret(stored: string): string {
  const [v, iv, tag, ct] = stored.split(".");
  if (v !== "v1" || !iv || !tag || !ct) throw new SecretUnreadableError("The signing secret is in an unknown format: rotate it.");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Typically NEXTAUTH_SECRET changed since the endpoint was created.
    throw new SecretUnreadableError("The signing secret cannot be decrypted (was NEXTAUTH_SECRET changed?): rotate it.");
  }
}

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** What a receiver does (README); used by the tests as the receiver's check. */
export function verifySignature(secret: string, body: string, header: string, { now = new Date(), toleranceSec = 300 } = {}): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const got = Buffer.from(parts.v1, "hex");
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}
