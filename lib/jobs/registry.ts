// Every periodic job, in the order a tick runs them. Add a job here and the scheduler, the CLI (`jobs run`,
// `jobs list`) and the jobs page pick it up.
import { runRules } from "../rules/engine";
import { expireExceptions, EXPIRE_JOB } from "../exceptions/expiry";
import { writeDailySnapshot } from "../posture/snapshot";
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
    name: "rules.run",
    description: "Re-runs every risk rule over the estate (findings open and resolve with time: ages, unused windows).",
    slot: daily,
    run: async ({ now }) => {
      const s = await runRules({ now });
      return { open: s.totals.open, new: s.totals.new, resolved: s.totals.resolved, ms: s.durationMs };
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
];

export function jobByName(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}
