import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/log";
import { hashPassword } from "../auth/password";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { assertCan, type Viewer } from "../auth/permissions";
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
