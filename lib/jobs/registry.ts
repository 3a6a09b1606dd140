// Every periodic job, in the order a tick runs them. Add a job here and the scheduler, the CLI (`jobs run`,
// `jobs list`) and the jobs page pick it up.
import { db } from "../db";
import { closeVerifiedTasks } from "../remediation/verify";
import { runRules } from "../rules/engine";
import { expireExceptions, EXPIRE_JOB } from "../exceptions/expiry";
import { writeDailySnapshot } from "../posture/snapshot";
import { deliverDue } from "../webhooks/deliver";
import { escalateTransfers } from "../ownership/mutations";
import { TRANSFER_ESCALATION_DAYS } from "../ownership/schemas";
import { closeOverdueCampaigns, runRecurringCampaigns } from "../campaigns/recurrence";
import { sendCampaignReminders } from "../campaigns/reminders";
import { deliverOutbox } from "../notify/deliver";
import { daily, everyMinutes, type JobDefinition } from "./types";

export const JOBS: readonly JobDefinition[] = [
  {
    name: EXPIRE_JOB,
    description: "Expires approved risk exceptions past their date (findings reopen) and queues the 14- and 3-day warnings.",
    slot: everyMinutes(15),
    run: async ({ now }) => ({ ...(await expireExceptions(now, { trigger: "job" })) }),
  },
  {
    name: "ownership.escalate",
    description: `Escalates ownership transfers unanswered for ${TRANSFER_ESCALATION_DAYS} days: admins and the new owner's team lead are told (outbox).`,
    slot: everyMinutes(60),
    run: async ({ now }) => ({ ...(await escalateTransfers(now)) }),
  },
  {
    name: "rules.run",
    description: "Re-runs every risk rule over the estate (findings open and resolve with time: ages, unused windows), then closes remediation tasks the inventory shows done.",
    slot: daily,
    run: async ({ now }) => {
      const s = await runRules({ now });
      // Remediation work done outside an import's view (e.g. a manual edit) is caught here.
      const verified = await db.$transaction((tx) => closeVerifiedTasks(tx, { now, importJobId: null }));
      return { open: s.totals.open, new: s.totals.new, resolved: s.totals.resolved, ms: s.durationMs, remediationVerified: verified.closed };
    },
  },
  {
    // After the day's rule run, so the snapshot counts today's findings.
    name: "posture.snapshot",
    description: "Writes today's posture snapshot (the dashboard's figures); rewriting a day is idempotent.",
    slot: daily,
    run: async ({ now }) => ({ ...(await writeDailySnapshot({ now })) }),
  },
  {
    name: "campaigns.recur",
    description: "Launches this period's instance of every recurring campaign (per team when so configured); once per period.",
    slot: everyMinutes(60),
    run: async ({ now }) => ({ ...(await runRecurringCampaigns(now)) }),
  },
  {
    name: "campaigns.remind",
    description: "Reminds reviewers with undecided items before the due date, and escalates after it (team lead, fallback, admins).",
    slot: everyMinutes(60),
    run: async ({ now }) => ({ ...(await sendCampaignReminders(now)) }),
  },
  {
    name: "campaigns.close-overdue",
    description: "Closes reviews past their due date plus grace days, applying each campaign's no-response rule by risk tier.",
    slot: everyMinutes(60),
    run: async ({ now }) => ({ ...(await closeOverdueCampaigns(now)) }),
  },
  {
    // Last, so the messages the jobs above queued go out in the same tick.
    name: "outbox.deliver",
    description: "Sends queued messages over SMTP (SMTP_URL), retrying failures with a growing delay; without SMTP_URL they stay in the outbox.",
    slot: everyMinutes(5),
    run: async ({ now }) => ({ ...(await deliverOutbox({ now })) }),
  },
  {
    // Last, so events the jobs above emitted in this tick go out in it.
    name: "webhooks.deliver",
    description: "Sends due webhook deliveries (new events and retries after 1 m, 5 m, 30 m, 2 h, 12 h).",
    slot: everyMinutes(1),
    run: async ({ now }) => ({ ...(await deliverDue({ now })) }),
  },
];

export function jobByName(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}
