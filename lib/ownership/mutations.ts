// No "server-only": the jobs (escalateTransfers) and the CLI (user deactivation) run this outside Next.js.
// Ownership handover. Moving an NHI to a new owner is a request the new owner must accept: until then the old owner
// stays the owner and accountable. Requests come from a REASSIGN review decision (when its campaign closes), from the
// NHI's page ("Hand over"), and from an admin deactivating an owner (each NHI goes to its backup owner). Unanswered
// requests escalate to admins and the new owner's team lead (escalateTransfers, a job).
import { db, Prisma, type Tx } from "../db";
import { recordAudit, recordAuditMany, type AuditActor, type AuditInput } from "../audit/log";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { enqueueMessages, type OutboxInput } from "../notify/outbox";
import type { TransferOrigin } from "../db/generated/enums";
import { OPEN_TRANSFER, TRANSFER_ESCALATION_DAYS, ZHandover, ZTransferDecision, type THandover, type TTransferDecision } from "./schemas";

export interface TransferRequest {
  identityId: string;
  fromUserId: string | null;
  toUserId: string;
  origin: TransferOrigin;
  reason: string | null;
  requestedById: string | null;
  reviewItemId?: string | null;
}

const ORIGIN_WORDS: Record<TransferOrigin, string> = {
  REVIEW: "decided in an access review",
  HANDOVER: "handed over",
  DEACTIVATION: "its owner's account was deactivated; you are its backup owner",
};

/**
 * Opens transfers in the caller's transaction, set-based: an open transfer of the same NHI is superseded
 * (CANCELLED), one audit event per change, and the new owners are told through the outbox.
 */
export async function openTransfers(tx: Tx, actor: AuditActor | null, requests: TransferRequest[], now: Date): Promise<number> {
  if (!requests.length) return 0;
  const ids = requests.map((r) => r.identityId);
  const superseded = await tx.$queryRaw<{ id: string; identityId: string }[]>`
    UPDATE "OwnershipTransfer" SET "status" = 'CANCELLED', "decidedAt" = ${now}, "decisionReason" = 'Superseded by a newer transfer'
    WHERE "identityId" = ANY(${ids}::text[]) AND "status" IN ('PENDING', 'ESCALATED')
    RETURNING "id", "identityId"`;
  const created = await tx.ownershipTransfer.createManyAndReturn({
    data: requests.map((r) => ({
      identityId: r.identityId,
      fromUserId: r.fromUserId,
      toUserId: r.toUserId,
      origin: r.origin,
      reason: r.reason,
      requestedById: r.requestedById,
      reviewItemId: r.reviewItemId ?? null,
      createdAt: now,
    })),
    select: { id: true, identityId: true, toUserId: true, fromUserId: true, origin: true, reason: true },
  });
  const events: AuditInput[] = [
    ...superseded.map((s) => ({ actor, action: "transfer.cancel", targetType: "OwnershipTransfer", targetId: s.id, after: { status: "CANCELLED" }, meta: { identityId: s.identityId, reason: "superseded" } })),
    ...created.map((c) => ({
      actor,
      action: "transfer.request",
      targetType: "OwnershipTransfer",
      targetId: c.id,
      after: { status: "PENDING", fromUserId: c.fromUserId, toUserId: c.toUserId },
      meta: { identityId: c.identityId, origin: c.origin, reason: c.reason },
    })),
  ];
  await recordAuditMany(tx, events);
  const people = await tx.user.findMany({ where: { id: { in: [...new Set(created.map((c) => c.toUserId))] } }, select: { id: true, email: true } });
  const names = await tx.identity.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  await enqueueMessages(
    tx,
    created.map((c) => ({
      to: emailOf.get(c.toUserId)!,
      subject: `Accept ownership of ${nameOf.get(c.identityId)}?`,
      body: `You are asked to become the owner of the NHI "${nameOf.get(c.identityId)}" (${ORIGIN_WORDS[c.origin]}).${c.reason ? `\n\nReason: ${c.reason}` : ""}\n\nAccept or decline it under Transfers in your reviews. Until you accept, the current owner stays accountable.`,
      link: "/reviews#transfers",
      dedupKey: `transfer:${c.id}:requested`,
    })),
  );
  return created.length;
}

async function assertNewOwner(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, active: true, role: true } });
  if (!u) throw new ValidationError("Choose the new owner from the list.", { toUserId: "Unknown user" });
  if (!u.active) throw new ValidationError(`${u.name} is deactivated: choose an active colleague.`, { toUserId: "Deactivated" });
  if (u.role !== "OWNER" && u.role !== "ADMIN") throw new ValidationError(`${u.name} cannot own NHIs (role).`, { toUserId: "Cannot own NHIs" });
  return u;
}

/** "Hand over" from the NHI's page: its owner (or an admin) asks someone to take it. */
export async function handOver(viewer: Viewer, raw: THandover, now = new Date()) {
  const input = ZHandover.parse(raw);
  return db.$transaction(async (tx) => {
    const [identity] = await tx.$queryRaw<{ id: string; name: string; ownerId: string | null; backupOwnerId: string | null }[]>`
      SELECT "id", "name", "ownerId", "backupOwnerId" FROM "Identity" WHERE "id" = ${input.identityId} FOR UPDATE`;
    const isOwner = !!identity && identity.ownerId === viewer.id;
    const visible = !!identity && (can(viewer, "identity:read-all") || isOwner || identity.backupOwnerId === viewer.id);
    if (!visible) throw new NotFoundError("NHI not found.");
    if (!isOwner && !can(viewer, "identity:edit")) throw new ForbiddenError("Only the NHI's owner or an admin can hand it over.");
    await assertNewOwner(tx, input.toUserId);
    if (input.toUserId === identity.ownerId) throw new ValidationError("They already own this NHI.", { toUserId: "Already the owner" });
    await openTransfers(tx, viewer, [{ identityId: identity.id, fromUserId: identity.ownerId, toUserId: input.toUserId, origin: "HANDOVER", reason: input.reason, requestedById: viewer.id }], now);
    return tx.ownershipTransfer.findFirstOrThrow({ where: { identityId: identity.id, status: "PENDING" }, select: { id: true, status: true, toUserId: true } });
  });
}

interface LockedTransfer {
  id: string;
  identityId: string;
  identityName: string;
  fromUserId: string | null;
  toUserId: string;
  requestedById: string | null;
  status: string;
  ownerId: string | null;
  backupOwnerId: string | null;
  teamId: string | null;
}

async function lockTransfer(tx: Tx, id: string) {
  const [t] = await tx.$queryRaw<LockedTransfer[]>`
    SELECT t."id", t."identityId", i."name" AS "identityName", t."fromUserId", t."toUserId", t."requestedById", t."status"::text AS status,
      i."ownerId", i."backupOwnerId", i."teamId"
    FROM "OwnershipTransfer" t JOIN "Identity" i ON i."id" = t."identityId"
    WHERE t."id" = ${id}
    FOR UPDATE OF t, i`;
  return t;
}

/**
 * The new owner accepts or declines. Only they can: not the old owner, not an admin, not anyone else (a transfer of
 * someone else looks like a missing one). Accepting makes them the owner (the NHI follows their team; a backup owner
 * who becomes the owner stops being the backup). Declining needs a reason; the NHI stays where it was.
 */
export async function decideTransfer(viewer: Viewer, raw: TTransferDecision, now = new Date()) {
  assertCan(viewer, "review:decide");
  const input = ZTransferDecision.parse(raw);
  return db.$transaction(async (tx) => {
    const t = await lockTransfer(tx, input.id);
    if (!t || t.toUserId !== viewer.id) throw new NotFoundError("Transfer not found.");
    if (!(OPEN_TRANSFER as readonly string[]).includes(t.status)) throw new ValidationError(`This transfer is already ${t.status.toLowerCase()}.`);
    const status = input.accept ? "ACCEPTED" : "DECLINED";
    await tx.ownershipTransfer.update({ where: { id: t.id }, data: { status, decidedAt: now, decidedById: viewer.id, decisionReason: input.reason } });
    const events: AuditInput[] = [
      { actor: viewer, action: input.accept ? "transfer.accept" : "transfer.decline", targetType: "OwnershipTransfer", targetId: t.id, before: { status: t.status }, after: { status }, meta: { identityId: t.identityId, reason: input.reason } },
    ];
    const notify: OutboxInput[] = [];
    if (input.accept) {
      const me = await tx.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { teamId: true } });
      const data = { ownerId: viewer.id, teamId: me.teamId ?? t.teamId, backupOwnerId: t.backupOwnerId === viewer.id ? null : t.backupOwnerId };
      await tx.identity.update({ where: { id: t.identityId }, data });
      events.push({
        actor: viewer,
        action: "identity.update",
        targetType: "Identity",
        targetId: t.identityId,
        before: { ownerId: t.ownerId, teamId: t.teamId, backupOwnerId: t.backupOwnerId },
        after: data,
        meta: { transferId: t.id, reason: "ownership transfer accepted" },
      });
    }
    // Whoever asked hears the answer (the old owner too, when it was not them).
    const tell = [...new Set([t.requestedById, t.fromUserId].filter((u): u is string => !!u && u !== viewer.id))];
    if (tell.length) {
      const people = await tx.user.findMany({ where: { id: { in: tell }, active: true }, select: { email: true } });
      for (const p of people) {
        notify.push({
          to: p.email,
          subject: `${viewer.name} ${input.accept ? "accepted" : "declined"} ownership of ${t.identityName}`,
          body: input.accept ? `${viewer.name} is now the owner of "${t.identityName}".` : `${viewer.name} declined to own "${t.identityName}": ${input.reason}\n\nIt stays with its current owner. Choose someone else.`,
          link: `/inventory/${t.identityId}`,
          dedupKey: `transfer:${t.id}:${status}:${p.email}`,
        });
      }
    }
    await recordAuditMany(tx, events);
    await enqueueMessages(tx, notify);
    return { id: t.id, status, identityId: t.identityId };
  });
}

/** Withdraws an open transfer: whoever asked for it, or an admin. */
export async function cancelTransfer(viewer: Viewer, id: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const t = await lockTransfer(tx, id);
    const mayCancel = !!t && (t.requestedById === viewer.id || t.fromUserId === viewer.id || can(viewer, "identity:edit"));
    if (!t || !mayCancel) throw new NotFoundError("Transfer not found.");
    if (!(OPEN_TRANSFER as readonly string[]).includes(t.status)) throw new ValidationError(`This transfer is already ${t.status.toLowerCase()}.`);
    await tx.ownershipTransfer.update({ where: { id }, data: { status: "CANCELLED", decidedAt: now, decidedById: viewer.id } });
    await recordAudit(tx, { actor: viewer, action: "transfer.cancel", targetType: "OwnershipTransfer", targetId: id, before: { status: t.status }, after: { status: "CANCELLED" }, meta: { identityId: t.identityId } });
    return { id, status: "CANCELLED" as const };
  });
}

/**
 * Job: transfers pending for TRANSFER_ESCALATION_DAYS become ESCALATED (still open), and every active admin plus the
 * new owner's team lead are told once (the outbox's dedup key). Set-based; one audit event per transfer.
 */
export async function escalateTransfers(now = new Date(), days = TRANSFER_ESCALATION_DAYS) {
  const before = new Date(now.getTime() - days * 86_400_000);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; identityId: string; identityName: string; toName: string; toEmail: string; leadEmail: string | null; createdAt: Date }[]>(Prisma.sql`
      UPDATE "OwnershipTransfer" t SET "status" = 'ESCALATED', "escalatedAt" = ${now}
      FROM "Identity" i, "User" u LEFT JOIN "Team" tm ON tm."id" = u."teamId" LEFT JOIN "User" lead ON lead."id" = tm."leadId" AND lead."active"
      WHERE t."status" = 'PENDING' AND t."createdAt" <= ${before} AND i."id" = t."identityId" AND u."id" = t."toUserId"
      RETURNING t."id", t."identityId", i."name" AS "identityName", u."name" AS "toName", u."email" AS "toEmail", lead."email" AS "leadEmail", t."createdAt"`);
    if (!rows.length) return { escalated: 0, messages: 0 };
    const admins = await tx.user.findMany({ where: { role: "ADMIN", active: true }, select: { email: true } });
    const messages: OutboxInput[] = rows.flatMap((r) =>
      [...new Set([...admins.map((a) => a.email), ...(r.leadEmail ? [r.leadEmail] : [])])].map((to) => ({
        to,
        subject: `Ownership of ${r.identityName} unanswered for ${days} days`,
        body: `${r.toName} (${r.toEmail}) was asked to own the NHI "${r.identityName}" and has neither accepted nor declined. Until they do, its previous owner stays accountable. Follow up with them, or hand it to someone else.`,
        link: `/inventory/${r.identityId}`,
        dedupKey: `transfer:${r.id}:escalated:${to}`,
      })),
    );
    const sent = await enqueueMessages(tx, messages);
    await recordAuditMany(
      tx,
      rows.map((r) => ({ actor: null, action: "transfer.escalate", targetType: "OwnershipTransfer", targetId: r.id, before: { status: "PENDING" }, after: { status: "ESCALATED" }, meta: { identityId: r.identityId, days } })),
    );
    return { escalated: rows.length, messages: sent };
  });
}
