// The rules of campaigns that run themselves, in one pure module (no database): recurrence periods, reminder and
// escalation timing, and the graduated no-response settings by risk tier. Used by the jobs, the data layer, the
// form and the tests alike.
import { z } from "zod";
import { RISK_BAND_MIN, riskBand } from "../identities/labels";

const DAY = 86_400_000;

// ── Recurrence ───────────────────────────────────────────────────────────────────────────────────────────────────

export const RECURRENCES = ["MONTHLY", "QUARTERLY", "YEARLY"] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const RECURRENCE_LABELS: Record<Recurrence, string> = { MONTHLY: "Monthly", QUARTERLY: "Quarterly", YEARLY: "Yearly" };

/** The period `now` falls in (UTC): "2026-11" monthly, "2026-Q4" quarterly, "2026" yearly. One instance per period. */
export function periodOf(recurrence: Recurrence, now: Date): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (recurrence === "MONTHLY") return `${y}-${String(m + 1).padStart(2, "0")}`;
  if (recurrence === "QUARTERLY") return `${y}-Q${Math.floor(m / 3) + 1}`;
  return String(y);
}

/** When the period after the one `now` falls in starts (the definition's "next run" once this period has run). */
export function nextPeriodStart(recurrence: Recurrence, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (recurrence === "MONTHLY") return new Date(Date.UTC(y, m + 1, 1));
  if (recurrence === "QUARTERLY") return new Date(Date.UTC(y, Math.floor(m / 3) * 3 + 3, 1));
  return new Date(Date.UTC(y + 1, 0, 1));
}

/** The idempotency key of one instance: a (definition, period, team) launches once however often the job runs. */
export const recurrenceKey = (definitionId: string, period: string, teamId: string | null) => `${definitionId}:${period}:${teamId ?? "*"}`;

/** An instance's due date: the end of the UTC day `durationDays` after its launch. */
export function instanceDueAt(launchAt: Date, durationDays: number): Date {
  const d = new Date(launchAt.getTime() + durationDays * DAY);
  d.setUTCHours(23, 59, 59, 999);
  return d;
}

// ── Reminders ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The reminder offset (days before dueAt) that is due at `now`, or null: the smallest offset whose moment has passed.
 * A job that missed days, or a campaign launched late (2 days before its due date with reminders at 7, 3, 1), sends
 * the most urgent reminder once rather than every one it missed; messages say the real time left (daysLeft).
 */
export function dueReminderOffset(offsets: readonly number[], dueAt: Date, now: Date): number | null {
  if (now.getTime() >= dueAt.getTime()) return null;
  const reached = offsets.filter((d) => now.getTime() >= dueAt.getTime() - d * DAY);
  return reached.length ? Math.min(...reached) : null;
}

/** Whole days left until dueAt, rounded up ("due in 1 day" on the last day). */
export const daysLeft = (dueAt: Date, now: Date) => Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / DAY));

/** "7, 3, 1" or [7, 3, 1] -> [7, 3, 1]: distinct whole days 1..90, most distant first, at most 5. */
export const ZReminderDays = z
  .union([z.array(z.coerce.number()), z.string()])
  .transform((v, ctx) => {
    const parts = Array.isArray(v) ? v : v.split(/[\s,;]+/).filter(Boolean).map(Number);
    if (parts.some((n) => !Number.isInteger(n) || n < 1 || n > 90)) {
      ctx.addIssue({ code: "custom", message: "Whole days between 1 and 90, separated by commas" });
      return z.NEVER;
    }
    const days = [...new Set(parts)].sort((a, b) => b - a);
    if (days.length > 5) {
      ctx.addIssue({ code: "custom", message: "At most 5 reminders" });
      return z.NEVER;
    }
    return days;
  });

// ── Escalation ───────────────────────────────────────────────────────────────────────────────────────────────────

export const ESCALATION_TARGETS = ["TEAM_LEAD", "FALLBACK", "ADMINS"] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export const ESCALATION_TARGET_LABELS: Record<EscalationTarget, string> = {
  TEAM_LEAD: "The reviewer's team lead",
  FALLBACK: "The campaign's fallback reviewer",
  ADMINS: "Every admin",
};

const ZEscalationLevel = z.object({
  afterDays: z.coerce.number().int("Whole days").min(0, "0 to 90 days").max(90, "0 to 90 days"),
  to: z.enum(ESCALATION_TARGETS),
});

/** Levels after the due date, in order: level 1 at +1 day to the team lead, level 2 at +N days to the fallback... */
export const ZEscalation = z
  .object({ levels: z.array(ZEscalationLevel).max(3, "At most 3 levels").default([]) })
  .superRefine((v, ctx) => {
    for (let i = 1; i < v.levels.length; i++) {
      if (v.levels[i].afterDays <= v.levels[i - 1].afterDays) ctx.addIssue({ code: "custom", path: ["levels", i, "afterDays"], message: "Later than the level before" });
    }
  });
export type TEscalation = z.output<typeof ZEscalation>;

/** The stored JSON, read leniently: a campaign saved before escalation existed has none. */
export function readEscalation(raw: unknown): TEscalation {
  const parsed = ZEscalation.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { levels: [] };
}

/** The levels reached at `now` (1-based level numbers with their settings). */
export function reachedEscalations(escalation: TEscalation, dueAt: Date, now: Date): { level: number; to: EscalationTarget; afterDays: number }[] {
  return escalation.levels
    .map((l, i) => ({ level: i + 1, ...l }))
    .filter((l) => now.getTime() >= dueAt.getTime() + l.afterDays * DAY);
}

// ── Graduated no-response ────────────────────────────────────────────────────────────────────────────────────────

export const RISK_TIERS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** The tier of a risk score: the same bands as the rest of the app (lib/identities/labels.ts riskBand). */
export const riskTierOf = (score: number): RiskTier => riskBand(score).toUpperCase() as RiskTier;
export const RISK_TIER_MIN = { CRITICAL: RISK_BAND_MIN.critical, HIGH: RISK_BAND_MIN.high, MEDIUM: RISK_BAND_MIN.medium } as const;

/**
 * What happens to an item left undecided, by the risk tier of its NHI at launch:
 *  OUTCOME: the campaign's outcome for undecided items (noResponseOutcome);
 *  REQUEUE: recorded as not reviewed, and reviewed again in the next recurring instance;
 *  DISABLE_RECOMMENDED: a remediation task recommending the NHI be disabled;
 *  REVOKE: every grant and credential revoked (remediation tasks).
 */
export const TIER_ACTIONS = ["OUTCOME", "REQUEUE", "DISABLE_RECOMMENDED", "REVOKE"] as const;
export type TierAction = (typeof TIER_ACTIONS)[number];
export const TIER_ACTION_LABELS: Record<TierAction, string> = {
  OUTCOME: "The campaign's default outcome",
  REQUEUE: "Not reviewed: re-queued in the next cycle",
  DISABLE_RECOMMENDED: "Task: disable recommended",
  REVOKE: "Task: revoke all access",
};

const tierAction = z.enum(TIER_ACTIONS).default("OUTCOME");

export const ZNoResponseAction = z.object({
  LOW: tierAction,
  MEDIUM: tierAction,
  HIGH: tierAction,
  CRITICAL: tierAction,
  /** Days after the due date the scheduler closes the review and applies these outcomes; null: an admin closes. */
  graceDays: z
    .union([z.literal(""), z.null(), z.coerce.number().int("Whole days").min(0, "0 to 90 days").max(90, "0 to 90 days")])
    .transform((v) => (v === "" ? null : v))
    .default(null),
});
export type TNoResponseAction = z.output<typeof ZNoResponseAction>;

export function readNoResponseAction(raw: unknown): TNoResponseAction {
  const parsed = ZNoResponseAction.safeParse(raw ?? {});
  return parsed.success ? parsed.data : ZNoResponseAction.parse({});
}

/** The action recorded on an undecided item of `tier`: OUTCOME resolves to the campaign's outcome name. */
export function itemNoResponseAction(config: TNoResponseAction, outcome: string, tier: RiskTier): string {
  const a = config[tier];
  return a === "OUTCOME" ? outcome : a;
}

/** When the scheduler closes an overdue review (dueAt + graceDays), or null when an admin closes it. */
export function autoCloseAt(config: TNoResponseAction, dueAt: Date): Date | null {
  return config.graceDays === null ? null : new Date(dueAt.getTime() + config.graceDays * DAY);
}
