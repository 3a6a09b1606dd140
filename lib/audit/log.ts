import crypto from "node:crypto";
import { db, Prisma, type Tx } from "../db";
import { auditHash, canonicalJson, GENESIS_HASH } from "./hash";

// Any fixed key: every writer takes it, so appends are serialized and the chain cannot fork.
const AUDIT_CHAIN_LOCK = 727_003_002;

export interface AuditActor {
  id: string | null;
  email: string | null;
  /** The API token a request used; recorded in the event's meta so token use is traceable. */
  tokenId?: string;
}

/** Adds the API token (if any) to an event's meta. */
function withToken(meta: unknown, tokenId: string | undefined): unknown {
  if (!tokenId) return meta ?? null;
  if (meta === undefined || meta === null) return { apiTokenId: tokenId };
  if (typeof meta === "object" && !Array.isArray(meta)) return { ...(meta as Record<string, unknown>), apiTokenId: tokenId };
  return { value: meta, apiTokenId: tokenId };
}

export interface AuditInput {
  actor: AuditActor | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  meta?: unknown;
}

const toJson = (v: unknown) =>
  v === undefined || v === null ? Prisma.JsonNull : (JSON.parse(canonicalJson(v)) as Prisma.InputJsonValue);

/**
 * Appends events to the hash-chained audit log inside the caller's transaction (DESIGN.md 5.9), so an event
 * exists if and only if the change it describes was committed. Many events are chained in memory and written
 * with one multi-row insert.
 */
export async function recordAuditMany(tx: Tx, inputs: AuditInput[]): Promise<void> {
  if (!inputs.length) return;
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision: what PostgreSQL keeps is what the hash covers.
  const at = new Date();
  const rows = inputs.map((input) => {
    const event = {
      id: `ae_${crypto.randomUUID().replace(/-/g, "")}`,
      at,
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
      meta: withToken(input.meta, input.actor?.tokenId),
      prevHash,
    };
    const hash = auditHash(event);
    prevHash = hash;
    return { ...event, before: toJson(event.before), after: toJson(event.after), meta: toJson(event.meta), hash };
  });
  // createMany keeps array order, so seq follows the chain order.
  await tx.auditEvent.createMany({ data: rows });
}

export function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  return recordAuditMany(tx, [input]);
}

/** For events with no other write (sign-in, exports): its own short transaction. */
export async function recordAuditStandalone(input: AuditInput): Promise<void> {
  await db.$transaction((tx) => recordAudit(tx, input));
}
