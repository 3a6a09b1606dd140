import "server-only";
import { db } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { ZTeamLead, type TTeamLead } from "./schemas";

// Teams and their leads (Admin > Teams). A lead is who campaign escalation reaches first ("the reviewer's team
// lead"): an active member of the team. ADMIN only (user:manage).

export async function listTeams(viewer: Viewer) {
  assertCan(viewer, "user:manage");
  const teams = await db.team.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, leadId: true, users: { where: { active: true }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } }, _count: { select: { identities: true } } },
  });
  const leads = await db.user.findMany({ where: { id: { in: teams.map((t) => t.leadId).filter((x): x is string => !!x) } }, select: { id: true, name: true, email: true, active: true } });
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    members: t.users,
    nhis: t._count.identities,
    lead: t.leadId ? (leads.find((l) => l.id === t.leadId) ?? null) : null,
  }));
}
export type TeamRow = Awaited<ReturnType<typeof listTeams>>[number];

export async function setTeamLead(viewer: Viewer, raw: TTeamLead) {
  assertCan(viewer, "user:manage");
  const input = ZTeamLead.parse(raw);
  return db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true, name: true, leadId: true } });
    if (!team) throw new NotFoundError("Team not found.");
    if (input.leadId) {
      const u = await tx.user.findUnique({ where: { id: input.leadId }, select: { teamId: true, active: true, name: true } });
      if (!u || u.teamId !== team.id) throw new ValidationError(`The lead must be a member of ${team.name}.`, { leadId: "Choose a member of the team" });
      if (!u.active) throw new ValidationError(`${u.name} is no longer active.`, { leadId: "No longer active" });
    }
    if (team.leadId === input.leadId) return { id: team.id, leadId: team.leadId };
    await tx.team.update({ where: { id: team.id }, data: { leadId: input.leadId } });
    await recordAudit(tx, { actor: viewer, action: "team.update", targetType: "Team", targetId: team.id, before: { leadId: team.leadId }, after: { leadId: input.leadId }, meta: { team: team.name } });
    return { id: team.id, leadId: input.leadId };
  });
}
