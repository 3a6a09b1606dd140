import "server-only";
import { db } from "../db";
import { appUrl } from "../env";
import { can } from "../auth/permissions";
import { enqueueMessages, type OutboxInput } from "../notify/outbox";
import { activeDelegationWhere } from "./delegation";
import { daysLeft, dueReminderOffset, reachedEscalations, readEscalation, type EscalationTarget } from "./automation";

// The job campaigns.remind: reminders before a running campaign's due date and escalation after it, through the
// outbox. Every message has a dedupKey (campaign, offset or level, recipient), so the job can run any number of
// times (and on any number of replicas) and each person gets each message once.

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const day = (d: Date) => d.toISOString().slice(0, 10);

interface Pending {
  reviewerId: string;
  name: string;
  email: string;
  teamId: string | null;
  leadId: string | null;
  undecided: number;
}

/** Reviewers (the people who must act now) with undecided items in a campaign, and their team lead. */
async function pendingReviewers(campaignId: string): Promise<Pending[]> {
  const rows = await db.$queryRaw<(Omit<Pending, "undecided"> & { undecided: bigint })[]>`
    SELECT u."id" AS "reviewerId", u."name", u."email", u."teamId", t."leadId", count(*) AS undecided
    FROM "ReviewItem" ri JOIN "User" u ON u."id" = ri."reviewerId" LEFT JOIN "Team" t ON t."id" = u."teamId"
    WHERE ri."campaignId" = ${campaignId} AND ri."decidedAt" IS NULL AND u."active"
    GROUP BY u."id", u."name", u."email", u."teamId", t."leadId"
    ORDER BY count(*) DESC, u."name"`;
  return rows.map((r) => ({ ...r, undecided: Number(r.undecided) }));
}

/** Active delegates of those reviewers for this campaign: they decide now, so they are reminded too. */
async function activeDelegates(campaignId: string, reviewerIds: string[], now: Date) {
  if (!reviewerIds.length) return [];
  return db.delegation.findMany({
    where: { ...activeDelegationWhere(now), delegatorId: { in: reviewerIds }, OR: [{ campaignId: null }, { campaignId }], delegate: { active: true } },
    select: { delegatorId: true, delegate: { select: { id: true, name: true, email: true } } },
  });
}

export interface RemindSummary {
  campaigns: number;
  reminders: number;
  escalations: number;
  [key: string]: unknown;
}

/** Sends what is due at `now` for every running campaign. Returns how many new messages were queued. */
export async function sendCampaignReminders(now = new Date()): Promise<RemindSummary> {
  const campaigns = await db.campaign.findMany({
    where: { status: "ACTIVE" },
    select: { id: true, name: true, dueAt: true, reminderDays: true, escalation: true, fallbackReviewerId: true },
  });
  const base = appUrl();
  const out: RemindSummary = { campaigns: 0, reminders: 0, escalations: 0 };
  for (const c of campaigns) {
    const offset = dueReminderOffset(c.reminderDays, c.dueAt, now);
    const levels = reachedEscalations(readEscalation(c.escalation), c.dueAt, now);
    if (offset === null && !levels.length) continue;
    const pending = await pendingReviewers(c.id);
    if (!pending.length) continue;
    out.campaigns++;
    const inbox = `/reviews/${c.id}`;
    if (offset !== null) {
      out.reminders += await enqueueMessages(
        db,
        pending.map((p) => ({
          to: p.email,
          subject: `Reminder: ${plural(p.undecided, "review item")} due in ${plural(daysLeft(c.dueAt, now), "day")} (${c.name})`,
          body:
            `Hello ${p.name},\n\nYou have ${plural(p.undecided, "undecided item")} in the access review "${c.name}", due ${day(c.dueAt)}.\n\n` +
            `Open your review inbox: ${base}${inbox}\n\nWhat is still undecided at the due date is escalated.`,
          link: inbox,
          dedupKey: `campaign:${c.id}:remind:${offset}:${p.reviewerId}`,
        })),
      );
      const byId = new Map(pending.map((p) => [p.reviewerId, p]));
      const delegates = await activeDelegates(c.id, [...byId.keys()], now);
      out.reminders += await enqueueMessages(
        db,
        delegates.map(({ delegatorId, delegate: d }) => {
          const p = byId.get(delegatorId)!;
          return {
            to: d.email,
            subject: `Reminder: ${plural(p.undecided, "review item")} you review for ${p.name} due in ${plural(daysLeft(c.dueAt, now), "day")} (${c.name})`,
            body:
              `Hello ${d.name},\n\n${p.name} delegated their reviews to you. They have ${plural(p.undecided, "undecided item")} in the access review "${c.name}", due ${day(c.dueAt)}.\n\n` +
              `Open the review inbox: ${base}${inbox}\n\nWhat is still undecided at the due date is escalated.`,
            link: inbox,
            dedupKey: `campaign:${c.id}:remind:${offset}:${p.reviewerId}:delegate:${d.id}`,
          };
        }),
      );
    }
    for (const l of levels) out.escalations += await enqueueMessages(db, await escalationMessages(c, l, pending, base));
  }
  return out;
}

async function escalationMessages(
  c: { id: string; name: string; dueAt: Date; fallbackReviewerId: string | null },
  l: { level: number; to: EscalationTarget; afterDays: number },
  pending: Pending[],
  base: string,
): Promise<OutboxInput[]> {
  // Who hears about whom: each team lead about their team's reviewers (a reviewer who is their own lead, or has
  // none, goes to the fallback reviewer), the fallback reviewer or every admin about all of them.
  const groups = new Map<string, Pending[]>();
  const add = (recipientId: string | null, p: Pending) => {
    if (!recipientId) return;
    groups.set(recipientId, [...(groups.get(recipientId) ?? []), p]);
  };
  const admins = l.to === "ADMINS" ? await db.user.findMany({ where: { role: "ADMIN", active: true }, select: { id: true } }) : [];
  for (const p of pending) {
    if (l.to === "TEAM_LEAD") add(p.leadId && p.leadId !== p.reviewerId ? p.leadId : c.fallbackReviewerId, p);
    else if (l.to === "FALLBACK") add(c.fallbackReviewerId, p);
    else for (const a of admins) add(a.id, p);
  }
  const recipients = await db.user.findMany({ where: { id: { in: [...groups.keys()] }, active: true }, select: { id: true, name: true, email: true, role: true } });
  const messages: OutboxInput[] = [];
  for (const r of recipients) {
    const list = groups.get(r.id)!;
    const total = list.reduce((s, p) => s + p.undecided, 0);
    // People who may open the campaign get its page; a team lead (an owner) gets their own review list.
    const link = can({ role: r.role }, "campaign:read") ? `/campaigns/${c.id}` : "/reviews";
    messages.push({
      to: r.email,
      subject: `Escalation (level ${l.level}): ${plural(total, "review item")} overdue in "${c.name}"`,
      body:
        `Hello ${r.name},\n\nThe access review "${c.name}" was due ${day(c.dueAt)}${l.afterDays ? ` (${plural(l.afterDays, "day")} ago or more)` : ""}. ` +
        `These reviewers still have undecided items:\n\n${list.map((p) => `- ${p.name} <${p.email}>: ${plural(p.undecided, "item")}`).join("\n")}\n\n` +
        `Please follow up with them. ${base}${link}`,
      link,
      dedupKey: `campaign:${c.id}:escalate:${l.level}:${r.id}`,
    });
  }
  return messages;
}
