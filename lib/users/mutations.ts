import { db } from "../db";
import { recordAudit, recordAuditMany, type AuditActor } from "../audit/log";
import { hashPassword } from "../auth/password";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { assertCan, type Viewer } from "../auth/permissions";
import { openTransfers } from "../ownership/mutations";
import type { Tx } from "../db";
import { userSelect } from "./queries";
import { ZUserCreate, ZUserUpdate, type TUserCreate, type TUserUpdate } from "./schemas";

/**
 * Creates a user with a password (used by the CLI for real installs; the admin UI will call it too).
 * The caller is responsible for authorization; the CLI runs with the operator's shell access.
 */
export async function createUser(actor: AuditActor | null, raw: TUserCreate) {
  const input = ZUserCreate.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const exists = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (exists) throw new ConflictError(`A user with e-mail ${input.email} already exists`, { email: "Already in use" });
    const team = input.teamName
      ? await tx.team.upsert({ where: { name: input.teamName }, create: { name: input.teamName }, update: {}, select: { id: true } })
      : null;
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, role: input.role, teamId: team?.id, passwordHash },
      select: { id: true, email: true, name: true, role: true },
    });
    await recordAudit(tx, { actor, action: "user.create", targetType: "User", targetId: user.id, after: { email: user.email, name: user.name, role: user.role, team: input.teamName ?? null } });
    return user;
  });
}

/** Admin (API, and the admin UI): creates a user after checking the viewer may manage users. */
export async function createUserAs(viewer: Viewer, raw: TUserCreate) {
  assertCan(viewer, "user:manage");
  return createUser(viewer, raw);
}

/**
 * Admin: changes a user's role, team or active flag, audited with before/after. An admin cannot demote or
 * deactivate themself (a typo would lock them out), and the last active admin stays an active admin.
 */
export async function updateUser(viewer: Viewer, id: string, raw: TUserUpdate) {
  assertCan(viewer, "user:manage");
  const input = ZUserUpdate.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { id: true, role: true, teamId: true, active: true } });
    if (!before) throw new NotFoundError("User not found.");
    const data: { role?: TUserUpdate["role"]; teamId?: string | null; active?: boolean } = {};
    if (input.role !== undefined && input.role !== before.role) data.role = input.role;
    if (input.active !== undefined && input.active !== before.active) data.active = input.active;
    if (input.teamId !== undefined && input.teamId !== before.teamId) {
      if (input.teamId && !(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) {
        throw new ValidationError("No such team", { teamId: "No such team" });
      }
      data.teamId = input.teamId;
    }
    const losesAdmin = before.role === "ADMIN" && before.active && ((data.role && data.role !== "ADMIN") || data.active === false);
    if (losesAdmin && id === viewer.id) throw new ConflictError("You cannot remove your own admin role or deactivate yourself: ask another admin.");
    if (losesAdmin && (await tx.user.count({ where: { role: "ADMIN", active: true, id: { not: id } } })) === 0) {
      throw new ConflictError("This is the last active admin: make someone else an admin first.");
    }
    // Deactivation is more than a flag: the user's NHIs go to their backup owners, delegations end (deactivateInTx).
    const deactivating = data.active === false;
    delete data.active;
    if (deactivating) await deactivateInTx(tx, viewer, id, new Date());
    if (!Object.keys(data).length) return tx.user.findUniqueOrThrow({ where: { id }, select: userSelect });
    const after = await tx.user.update({ where: { id }, data, select: userSelect });
    const keys = Object.keys(data) as (keyof typeof data)[];
    await recordAudit(tx, {
      actor: viewer,
      action: "user.update",
      targetType: "User",
      targetId: id,
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, data[k]])),
    });
    return after;
  });
}

/**
 * Deactivates a user (they left, or changed jobs). Their NHIs do not silently become orphans or stay with them:
 * each NHI with an active backup owner goes to that backup owner as a pending ownership transfer (accepting makes
 * them the owner; until then the NHI counts as at orphan risk, rule orphaned-nhi); an NHI with no active backup
 * owner becomes an orphan now (no owner). Delegations to or from them end, and transfers offered to them are
 * cancelled. One transaction, audited.
 */
export async function deactivateUser(viewer: Viewer, userId: string, now = new Date()) {
  assertCan(viewer, "user:manage");
  if (userId === viewer.id) throw new ValidationError("You cannot deactivate your own account.");
  return deactivateUserAs(viewer, userId, now);
}

/** The same, for the CLI (`steward user deactivate`): the operator's shell access is the authorization. */
export async function deactivateUserAs(viewer: AuditActor, userId: string, now = new Date()) {
  return db.$transaction((tx) => deactivateInTx(tx, viewer, userId, now));
}

async function deactivateInTx(tx: Tx, viewer: AuditActor, userId: string, now: Date) {
    const [user] = await tx.$queryRaw<{ id: string; email: string; active: boolean }[]>`SELECT "id", "email", "active" FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
    if (!user) throw new NotFoundError("User not found.");
    if (!user.active) throw new ValidationError("This user is already deactivated.");
    await tx.user.update({ where: { id: userId }, data: { active: false } });
    const owned = await tx.$queryRaw<{ id: string; backupOwnerId: string | null; backupOk: boolean; teamId: string | null }[]>`
      SELECT i."id", i."backupOwnerId", i."teamId",
        coalesce(b."active" AND b."role" IN ('OWNER', 'ADMIN') AND b."id" <> ${userId}, false) AS "backupOk"
      FROM "Identity" i LEFT JOIN "User" b ON b."id" = i."backupOwnerId"
      WHERE i."ownerId" = ${userId}
      FOR UPDATE OF i`;
    const toBackup = owned.filter((i) => i.backupOk);
    const orphaned = owned.filter((i) => !i.backupOk).map((i) => i.id);
    const transfers = await openTransfers(
      tx,
      viewer,
      toBackup.map((i) => ({ identityId: i.id, fromUserId: userId, toUserId: i.backupOwnerId!, origin: "DEACTIVATION" as const, reason: `${user.email} was deactivated`, requestedById: viewer.id })),
      now,
    );
    if (orphaned.length) await tx.identity.updateMany({ where: { id: { in: orphaned } }, data: { ownerId: null } });
    const delegations = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Delegation" SET "revokedAt" = ${now}, "revokedById" = ${viewer.id}
      WHERE ("delegatorId" = ${userId} OR "delegateId" = ${userId}) AND "revokedAt" IS NULL AND "endsAt" > ${now}
      RETURNING "id"`;
    const cancelled = await tx.$queryRaw<{ id: string; identityId: string }[]>`
      UPDATE "OwnershipTransfer" SET "status" = 'CANCELLED', "decidedAt" = ${now}, "decidedById" = ${viewer.id}, "decisionReason" = 'The new owner was deactivated'
      WHERE "toUserId" = ${userId} AND "status" IN ('PENDING', 'ESCALATED')
      RETURNING "id", "identityId"`;
    await recordAuditMany(tx, [
      { actor: viewer, action: "user.deactivate", targetType: "User", targetId: userId, before: { active: true }, after: { active: false }, meta: { toBackupOwner: transfers, orphaned: orphaned.length } },
      ...orphaned.map((id) => ({ actor: viewer, action: "identity.update", targetType: "Identity", targetId: id, before: { ownerId: userId }, after: { ownerId: null }, meta: { reason: "owner deactivated, no active backup owner" } })),
      ...delegations.map((d) => ({ actor: viewer, action: "delegation.revoke", targetType: "Delegation", targetId: d.id, after: { state: "REVOKED" }, meta: { reason: "user deactivated" } })),
      ...cancelled.map((c) => ({ actor: viewer, action: "transfer.cancel", targetType: "OwnershipTransfer", targetId: c.id, after: { status: "CANCELLED" }, meta: { identityId: c.identityId, reason: "new owner deactivated" } })),
    ]);
    return { id: userId, transfers, orphaned: orphaned.length, delegationsRevoked: delegations.length, transfersCancelled: cancelled.length };
}
