import "server-only";
import { db, Prisma } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { inventoryWhere } from "../identities/queries";
import { SCHEDULER } from "../jobs/scheduler-viewer";
import { autoCloseAt, instanceDueAt, nextPeriodStart, periodOf, readNoResponseAction, recurrenceKey, type Recurrence } from "./automation";
import { closeCampaign, launchCampaign } from "./mutations";
import { parseScope } from "./schemas";

// The jobs campaigns.recur (recurring definitions launch one instance per period, per team with recurrencePerTeam)
// and campaigns.close-overdue (a review past dueAt + graceDays is closed and its no-response rule applied).

const instanceCopy = {
  id: true,
  name: true,
  description: true,
  scope: true,
  fallbackReviewerId: true,
  backupReviewerId: true,
  commentRequired: true,
  noResponseOutcome: true,
  remediationDays: true,
  reminderDays: true,
  escalation: true,
  noResponseAction: true,
  deltaReview: true,
  createdById: true,
  recurrence: true,
  recurrencePerTeam: true,
  durationDays: true,
} satisfies Prisma.CampaignSelect;

type Definition = Prisma.CampaignGetPayload<{ select: typeof instanceCopy }>;

/** The teams a per-team definition runs for: its scope's teams, else every team owning an NHI in its scope. */
async function teamsOf(def: Definition, now: Date): Promise<{ id: string; name: string }[]> {
  const scope = parseScope(def.scope);
  const ids = scope.team.length
    ? scope.team
    : (await db.identity.groupBy({ by: ["teamId"], where: { AND: [inventoryWhere(SCHEDULER, scope, now), { teamId: { not: null } }] } })).map((g) => g.teamId!);
  return db.team.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** The instance of (definition, period, team): created once (the unique recurrenceKey), returned on later runs. */
async function ensureInstance(def: Definition, period: string, team: { id: string; name: string } | null, now: Date) {
  const key = recurrenceKey(def.id, period, team?.id ?? null);
  const existing = await db.campaign.findUnique({ where: { recurrenceKey: key }, select: { id: true, status: true } });
  if (existing) return { ...existing, created: false };
  const scope = { ...(def.scope as Record<string, unknown>), ...(team ? { team: [team.id] } : {}) };
  try {
    return await db.$transaction(async (tx) => {
      const c = await tx.campaign.create({
        data: {
          name: `${def.name} · ${period}${team ? ` · ${team.name}` : ""}`.slice(0, 200),
          description: def.description,
          scope: scope as Prisma.InputJsonValue,
          fallbackReviewerId: def.fallbackReviewerId,
          backupReviewerId: def.backupReviewerId,
          commentRequired: def.commentRequired,
          noResponseOutcome: def.noResponseOutcome,
          remediationDays: def.remediationDays,
          reminderDays: def.reminderDays,
          escalation: def.escalation as Prisma.InputJsonValue,
          noResponseAction: def.noResponseAction as Prisma.InputJsonValue,
          deltaReview: def.deltaReview,
          dueAt: instanceDueAt(now, def.durationDays ?? 30),
          createdById: def.createdById,
          definitionId: def.id,
          period,
          instanceTeamId: team?.id ?? null,
          recurrenceKey: key,
        },
        select: { id: true, status: true },
      });
      await recordAudit(tx, { actor: SCHEDULER, action: "campaign.create", targetType: "Campaign", targetId: c.id, after: { status: "DRAFT", scope }, meta: { definitionId: def.id, period, teamId: team?.id ?? null, trigger: "campaigns.recur" } });
      return { ...c, created: true };
    });
  } catch (err) {
    // Another replica created it between our read and our insert: theirs stands.
    if ((err as { code?: string }).code === "P2002") return { ...(await db.campaign.findUniqueOrThrow({ where: { recurrenceKey: key }, select: { id: true, status: true } })), created: false };
    throw err;
  }
}

/** NHIs the previous run of this definition (and team) left undecided with the REQUEUE action. */
async function requeuedFrom(definitionId: string, teamId: string | null, excludeId: string): Promise<string[]> {
  const prev = await db.campaign.findFirst({
    where: { definitionId, instanceTeamId: teamId, id: { not: excludeId }, launchedAt: { not: null } },
    orderBy: { launchedAt: "desc" },
    select: { id: true },
  });
  if (!prev) return [];
  const rows = await db.reviewItem.findMany({ where: { campaignId: prev.id, noResponseAction: "REQUEUE" }, select: { identityId: true }, distinct: ["identityId"] });
  return rows.map((r) => r.identityId);
}

export interface RecurSummary {
  definitions: number;
  created: number;
  launched: number;
  failed: number;
  errors?: string[];
  [key: string]: unknown;
}

/**
 * For every recurring definition (a draft with a recurrence), makes sure this period's instance exists and is
 * launched. Idempotent: the instance is keyed by (definition, period, team), and a launched one is left alone. An
 * instance whose launch failed (say its scope matched nothing) stays a draft and is retried on the next run.
 */
export async function runRecurringCampaigns(now = new Date()): Promise<RecurSummary> {
  const defs = await db.campaign.findMany({ where: { status: "DRAFT", recurrence: { not: null }, definitionId: null }, select: instanceCopy, orderBy: { createdAt: "asc" } });
  const out: RecurSummary = { definitions: defs.length, created: 0, launched: 0, failed: 0 };
  const errors: string[] = [];
  for (const def of defs) {
    const period = periodOf(def.recurrence as Recurrence, now);
    const teams: ({ id: string; name: string } | null)[] = def.recurrencePerTeam ? await teamsOf(def, now) : [null];
    for (const team of teams) {
      const inst = await ensureInstance(def, period, team, now);
      if (inst.created) out.created++;
      if (inst.status !== "DRAFT") continue;
      try {
        // Due durationDays after the actual launch (a retried launch later in the period gets its full time).
        await db.campaign.update({ where: { id: inst.id }, data: { dueAt: instanceDueAt(now, def.durationDays ?? 30) } });
        await launchCampaign(SCHEDULER, inst.id, now, { include: await requeuedFrom(def.id, team?.id ?? null, inst.id), trigger: "campaigns.recur" });
        out.launched++;
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        out.failed++;
        errors.push(`${def.name}${team ? ` (${team.name})` : ""}: ${err.message}`);
      }
    }
  }
  if (errors.length) out.errors = errors.slice(0, 20);
  return out;
}

/** Closes every running review whose due date + grace has passed (the campaign's no-response rule applies). */
export async function closeOverdueCampaigns(now = new Date()): Promise<{ closed: number; [key: string]: unknown }> {
  const active = await db.campaign.findMany({ where: { status: "ACTIVE", dueAt: { lt: now } }, select: { id: true, dueAt: true, noResponseAction: true } });
  let closed = 0;
  for (const c of active) {
    const at = autoCloseAt(readNoResponseAction(c.noResponseAction), c.dueAt);
    if (!at || at.getTime() > now.getTime()) continue;
    try {
      await closeCampaign(SCHEDULER, c.id, now);
      closed++;
    } catch (err) {
      // Closed by an admin meanwhile: nothing to do.
      if (!(err instanceof ValidationError)) throw err;
    }
  }
  return { closed };
}

/** The recurrence panel of a definition: its next run and its instances, newest first. */
export async function getRecurrence(viewer: Viewer, definitionId: string, now = new Date()) {
  assertCan(viewer, "campaign:read");
  const def = await db.campaign.findUnique({ where: { id: definitionId }, select: { id: true, recurrence: true, status: true, recurrencePerTeam: true, durationDays: true } });
  if (!def) throw new NotFoundError("Campaign not found.");
  if (!def.recurrence) return null;
  const recurrence = def.recurrence as Recurrence;
  const instances = await db.campaign.findMany({
    where: { definitionId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    select: { id: true, name: true, period: true, status: true, launchedAt: true, dueAt: true, itemCount: true, instanceTeamId: true },
  });
  const period = periodOf(recurrence, now);
  const thisPeriodDone = instances.some((i) => i.period === period && i.status !== "DRAFT");
  // Stopped (cancelled) definitions have no next run; otherwise this period's run is due now if it has not happened.
  const nextRun = def.status !== "DRAFT" ? null : thisPeriodDone ? nextPeriodStart(recurrence, now) : now;
  return { recurrence, perTeam: def.recurrencePerTeam, durationDays: def.durationDays, nextRun, nextPeriod: thisPeriodDone ? periodOf(recurrence, nextPeriodStart(recurrence, now)) : period, instances };
}
