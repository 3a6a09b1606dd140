import "server-only";
// Owner suggestions (from owner hints in imports) accepted or dismissed by an admin, one or many at once.
// Accepting makes the suggested user the owner (the NHI follows the owner's team, as with any owner change) and
// settles the NHI's other pending suggestions; every NHI whose owner changes gets one audit event.
import { db, Prisma } from "../db";
import { recordAuditMany } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { ZSuggestionDecision, type TSuggestionDecision } from "./schemas";

export interface SuggestionOutcome {
  /** NHIs whose owner was set. */
  accepted: number;
  dismissed: number;
  /** Suggestions left alone: their user is deactivated (accept) or they were decided already. */
  skipped: number;
}

export async function decideOwnerSuggestions(viewer: Viewer, raw: TSuggestionDecision): Promise<SuggestionOutcome> {
  const input = ZSuggestionDecision.parse(raw);
  assertCan(viewer, input.ids.length > 1 ? "identity:bulk-assign" : "identity:edit");
  const ids = [...new Set(input.ids)];
  return db.$transaction(async (tx) => {
    const rows = await tx.ownerSuggestion.findMany({
      where: { id: { in: ids } },
      select: {
        id: true, status: true, identityId: true, origin: true, createdAt: true,
        user: { select: { id: true, active: true, teamId: true } },
        identity: { select: { ownerId: true, teamId: true } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    if (!rows.length) throw new NotFoundError("Those suggestions no longer exist.");
    const pending = rows.filter((r) => r.status === "PENDING");
    let skipped = ids.length - pending.length;
    const now = new Date();

    if (input.decision === "dismiss") {
      await tx.ownerSuggestion.updateMany({
        where: { id: { in: pending.map((r) => r.id) }, status: "PENDING" },
        data: { status: "DISMISSED", decidedAt: now, decidedById: viewer.id, updatedAt: now },
      });
      return { accepted: 0, dismissed: pending.length, skipped };
    }

    // One owner per NHI: the first selected suggestion of each (oldest) wins; an inactive user cannot own anything.
    const chosen = new Map<string, (typeof pending)[number]>();
    for (const r of pending) {
      if (!r.user.active) { skipped++; continue; }
      if (chosen.has(r.identityId)) { skipped++; continue; }
      chosen.set(r.identityId, r);
    }
    if (!chosen.size) {
      if (ids.length === 1 && pending.length === 1) throw new ValidationError("The suggested owner's account is deactivated: choose an active user.");
      return { accepted: 0, dismissed: 0, skipped };
    }
    const picks = [...chosen.values()];
    const changes = picks.filter((r) => r.identity.ownerId !== r.user.id);
    if (changes.length) {
      await tx.$executeRaw(Prisma.sql`
        UPDATE "Identity" i SET "ownerId" = x."userId", "teamId" = x."teamId", "updatedAt" = ${now}
        FROM unnest(${changes.map((r) => r.identityId)}::text[], ${changes.map((r) => r.user.id)}::text[], ${changes.map((r) => r.user.teamId)}::text[])
          AS x(id, "userId", "teamId")
        WHERE i.id = x.id`);
    }
    await tx.ownerSuggestion.updateMany({
      where: { id: { in: picks.map((r) => r.id) } },
      data: { status: "ACCEPTED", decidedAt: now, decidedById: viewer.id, updatedAt: now },
    });
    // The NHI now has its owner: its other pending suggestions are settled.
    await tx.ownerSuggestion.updateMany({
      where: { identityId: { in: picks.map((r) => r.identityId) }, status: "PENDING" },
      data: { status: "DISMISSED", decidedAt: now, decidedById: viewer.id, updatedAt: now },
    });
    await recordAuditMany(
      tx,
      changes.map((r) => ({
        actor: viewer,
        action: "identity.update",
        targetType: "Identity",
        targetId: r.identityId,
        before: { ownerId: r.identity.ownerId, teamId: r.identity.teamId },
        after: { ownerId: r.user.id, teamId: r.user.teamId },
        meta: { ownerSuggestion: r.id, origin: r.origin, ...(picks.length > 1 ? { bulk: true, count: picks.length } : {}) },
      })),
    );
    return { accepted: picks.length, dismissed: 0, skipped };
  });
}
