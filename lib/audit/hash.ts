import crypto from "node:crypto";

/** JSON with sorted keys, so the same content always hashes the same (the audit chain depends on it). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export const GENESIS_HASH = "0".repeat(64);

export interface AuditHashInput {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  meta: unknown;
  prevHash: string;
}

/** SHA-256 over the canonical content of an event plus the previous event's hash. */
export function auditHash(e: AuditHashInput): string {
  return crypto
    .createHash("sha256")
    .update(
      canonicalJson({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorEmail: e.actorEmail,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        before: e.before ?? null,
        after: e.after ?? null,
        meta: e.meta ?? null,
        prevHash: e.prevHash,
      }),
    )
    .digest("hex");
}
