import { db } from "../db";
import { recordAudit, type AuditActor } from "../audit/log";
import { hashPassword } from "../auth/password";
import { ValidationError } from "../errors";
import { ZUserCreate, type TUserCreate } from "./schemas";

/**
 * Creates a user with a password (used by the CLI for real installs; the admin UI will call it too).
 * The caller is responsible for authorization; the CLI runs with the operator's shell access.
 */
export async function createUser(actor: AuditActor | null, raw: TUserCreate) {
  const input = ZUserCreate.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const exists = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (exists) throw new ValidationError(`A user with e-mail ${input.email} already exists`, { email: "Already in use" });
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
