import "server-only";
import { db, type Tx } from "../db";
import { recordAudit, recordAuditMany } from "../audit/log";
import { assertCan, can, ForbiddenError, NotFoundError, type Viewer } from "../auth/permissions";
import { identityScope } from "./scope";
import { ValidationError } from "../errors";
import { ZBulkAssignOwner, ZIdentityUpdate, type TBulkAssignOwner, type TIdentityUpdate } from "./schemas";

const editableSelect = { id: true, ownerId: true, backupOwnerId: true, purpose: true, criticality: true, teamId: true } as const;

async function activeUserTeam(tx: Tx, userId: string, field: string): Promise<string | null> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { active: true, teamId: true } });
  if (!user?.active) throw new ValidationError("Choose an active user", { [field]: "Choose an active user" });
  return user.teamId;
}

/**
 * Edits an NHI. Admins may change owner, backup owner, purpose and criticality; an owner (or backup owner) may
 * change only the purpose of their own NHIs. Writes one audit event with before/after in the same transaction.
 */
export async function updateIdentity(viewer: Viewer, id: string, raw: TIdentityUpdate) {
  const input = ZIdentityUpdate.parse(raw);
  const isAdminEdit = can(viewer, "identity:edit");
  if (!isAdminEdit) {
    assertCan(viewer, "identity:edit-purpose-own");
    const others = Object.entries(input).filter(([k, v]) => k !== "purpose" && v !== undefined);
    if (others.length) throw new ForbiddenError("Only admins can change owner, backup owner or criticality.");
  }
  return db.$transaction(async (tx) => {
    const before = await tx.identity.findFirst({ where: { AND: [{ id }, identityScope(viewer)] }, select: editableSelect });
    if (!before) throw new NotFoundError("NHI not found.");
    const data: Record<string, unknown> = {};
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      data.ownerId = input.ownerId;
      // Rotation compliance is reported by team: the NHI follows its owner's team.
      data.teamId = input.ownerId ? await activeUserTeam(tx, input.ownerId, "ownerId") : before.teamId;
    }
    if (input.backupOwnerId !== undefined && input.backupOwnerId !== before.backupOwnerId) {
      if (input.backupOwnerId) await activeUserTeam(tx, input.backupOwnerId, "backupOwnerId");
      data.backupOwnerId = input.backupOwnerId;
    }
    const owner = (data.ownerId as string | null | undefined) ?? (input.ownerId === null ? null : before.ownerId);
    const backup = (data.backupOwnerId as string | null | undefined) ?? before.backupOwnerId;
    if (owner && backup && owner === backup) {
      throw new ValidationError("The backup owner must be someone other than the owner", {
        backupOwnerId: "The backup owner must be someone other than the owner",
      });
    }
    if (input.purpose !== undefined) {
      // Saving the purpose is the owner's confirmation of it, even when the text is unchanged.
      data.purpose = input.purpose;
      data.purposeConfirmedAt = new Date();
    }
    if (input.criticality !== undefined && input.criticality !== before.criticality) data.criticality = input.criticality;
    if (!Object.keys(data).length) return before;
    const after = await tx.identity.update({ where: { id }, data, select: editableSelect });
    await recordAudit(tx, {
      actor: viewer,
      action: "identity.update",
      targetType: "Identity",
      targetId: id,
      before: pick(before, Object.keys(data)),
      after: pick({ ...after, purposeConfirmedAt: data.purposeConfirmedAt }, Object.keys(data)),
    });
    return after;
  });
}

function pick(obj: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, obj[k] ?? null]));
}

/** Admin: assigns one owner to many NHIs in one set-based update, with one audit event per NHI. */
export async function bulkAssignOwner(viewer: Viewer, raw: TBulkAssignOwner): Promise<{ updated: number }> {
  assertCan(viewer, "identity:bulk-assign");
  const input = ZBulkAssignOwner.parse(raw);
  return db.$transaction(async (tx) => {
    const teamId = await activeUserTeam(tx, input.ownerId, "ownerId");
    const before = await tx.identity.findMany({
      where: { AND: [{ id: { in: input.identityIds } }, identityScope(viewer)] },
      select: { id: true, ownerId: true, teamId: true },
    });
    if (before.length !== new Set(input.identityIds).size) throw new NotFoundError("Some selected NHIs no longer exist.");
    const changed = before.filter((b) => b.ownerId !== input.ownerId);
    if (!changed.length) return { updated: 0 };
    await tx.identity.updateMany({ where: { id: { in: changed.map((c) => c.id) } }, data: { ownerId: input.ownerId, teamId } });
    await recordAuditMany(
      tx,
      changed.map((c) => ({
        actor: viewer,
        action: "identity.update",
        targetType: "Identity",
        targetId: c.id,
        before: { ownerId: c.ownerId, teamId: c.teamId },
        after: { ownerId: input.ownerId, teamId },
        meta: { bulk: true, count: changed.length },
      })),
    );
    return { updated: changed.length };
  });
}
