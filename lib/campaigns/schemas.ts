import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { NoResponseOutcome, ReviewPart, ReviewRouting } from "../db/generated/enums";
import { ValidationError } from "../errors";
import { ZInventoryFilters, type TInventoryFilters } from "../identities/schemas";
import { firstOf } from "../url-params";
import { COMMENT_POLICIES, DECISIONS } from "./state";
import { ESCALATION_TARGETS, RECURRENCES, ZEscalation, ZNoResponseAction, ZReminderDays } from "./automation";

// ── Scope: a saved inventory filter ──────────────────────────────────────────────────────────────────────────────

/**
 * A campaign's scope is an inventory filter (ZInventoryFilters, one rule for the inventory page, its export and
 * campaigns). The inventory parses URLs leniently (a bad value is dropped); a scope must not silently widen, so
 * a value the filter would drop is refused here instead.
 */
export function parseScope(raw: unknown): TInventoryFilters {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ValidationError("The scope must be an object of inventory filters.", { scope: "Not an object" });
  const input = raw as Record<string, unknown>;
  const known = new Set(Object.keys(ZInventoryFilters.shape));
  const errors: Record<string, string> = {};
  for (const key of Object.keys(input)) if (!known.has(key)) errors[`scope.${key}`] = `Unknown filter "${key}"`;
  const parsed = ZInventoryFilters.parse(input);
  for (const [key, value] of Object.entries(input)) {
    if (!known.has(key) || value === undefined || value === null || value === "") continue;
    const out = (parsed as Record<string, unknown>)[key];
    const given = Array.isArray(value) ? value : typeof value === "string" && Array.isArray(out) ? value.split(",") : [value];
    const kept = Array.isArray(out) ? out.length : out === undefined ? 0 : 1;
    if (kept < given.length) errors[`scope.${key}`] = `Invalid value for "${key}": ${JSON.stringify(value)}`;
  }
  if (Object.keys(errors).length) throw new ValidationError("The scope has filters Steward does not understand.", errors);
  return parsed;
}

/** The scope as stored: only the filters that are set, so the JSON reads like the inventory URL. */
export function compactScope(f: TInventoryFilters): Partial<TInventoryFilters> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as Partial<TInventoryFilters>;
}

// ── Create / edit ────────────────────────────────────────────────────────────────────────────────────────────────

/** "2026-12-31" means the end of that day (UTC); a full ISO timestamp is taken as is. */
const dueDate = z.union([z.date(), z.string().trim().min(1, "Choose a due date")]).transform((v, ctx) => {
  const d = v instanceof Date ? v : /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T23:59:59.999Z`) : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "Enter a valid date" });
    return z.NEVER;
  }
  return d;
});

const userId = z.string().trim().min(1).max(64);

const optionalDays = (max: number) =>
  z
    .union([z.literal(""), z.coerce.number().int("Whole days").min(1, "At least 1 day").max(max, `At most ${max} days`)])
    .nullish()
    .transform((v) => (v === "" || v === undefined ? null : v));

const ZCampaignFields = z.object({
  name: z.string().trim().min(3, "Name the campaign (at least 3 characters)").max(200, "Keep the name under 200 characters"),
  description: z.string().trim().max(2000, "Keep the description under 2,000 characters").nullish().transform((v) => v || null),
  scope: z.record(z.string(), z.unknown()).default({}),
  fallbackReviewerId: userId.or(z.literal("")).transform((v, ctx) => {
    if (!v) {
      ctx.addIssue({ code: "custom", message: "Choose a fallback reviewer for orphans and self-review" });
      return z.NEVER;
    }
    return v;
  }),
  backupReviewerId: userId.or(z.literal("")).nullish().transform((v) => v || null),
  // A recurring definition has no due date of its own: each instance is due durationDays after its launch.
  dueAt: z.union([z.literal(""), dueDate]).nullish().transform((v) => (v === "" || v === undefined ? null : v)),
  commentRequired: z.enum(COMMENT_POLICIES).default("ON_REVOKE"),
  noResponseOutcome: z.enum(NoResponseOutcome).default("NO_CHANGE"),
  remediationDays: z.coerce.number().int().min(1, "At least 1 day").max(365, "At most 365 days").default(30),
  // Review what changed: NHIs unchanged since their last certification carry it forward (lib/campaigns/sql.ts deltaCtes).
  deltaReview: z.boolean().default(false),
  reminderDays: ZReminderDays.default([7, 3, 1]),
  escalation: ZEscalation.default({ levels: [] }),
  noResponseAction: ZNoResponseAction.default({ LOW: "OUTCOME", MEDIUM: "OUTCOME", HIGH: "OUTCOME", CRITICAL: "OUTCOME", graceDays: null }),
  recurrence: z.union([z.literal(""), z.enum(RECURRENCES)]).nullish().transform((v) => v || null),
  recurrencePerTeam: z.boolean().default(false),
  durationDays: optionalDays(365),
});

/** A recurring definition needs a run length, a one-off campaign a due date. */
function checkSchedule(v: { recurrence: string | null; durationDays: number | null; dueAt: Date | null }, ctx: z.RefinementCtx) {
  if (v.recurrence && v.durationDays === null) ctx.addIssue({ code: "custom", path: ["durationDays"], message: "How many days each run lasts" });
  if (!v.recurrence && v.dueAt === null) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "Choose a due date" });
}

export const ZCampaignInput = ZCampaignFields.superRefine(checkSchedule);
export type TCampaignInput = z.input<typeof ZCampaignInput>;
export type TCampaignParsed = z.output<typeof ZCampaignInput>;

// ── Decisions ────────────────────────────────────────────────────────────────────────────────────────────────────

const targetId = z.string().trim().min(1).max(64);
const comment = z.string().trim().max(2000, "Keep the comment under 2,000 characters");

export const ZDecision = z.discriminatedUnion("target", [
  z.object({ target: z.literal("IDENTITY"), decision: z.enum(DECISIONS.IDENTITY), reassignToId: userId.optional() }),
  z.object({ target: z.literal("ENTITLEMENT"), id: targetId, decision: z.enum(DECISIONS.ENTITLEMENT) }),
  z.object({ target: z.literal("CREDENTIAL"), id: targetId, decision: z.enum(DECISIONS.CREDENTIAL) }),
  z.object({ target: z.literal("DELEGATION"), decision: z.enum(DECISIONS.DELEGATION) }),
]);
export type TDecision = z.infer<typeof ZDecision>;

/**
 * One save of a review item: any of the decisions, the purpose (the text shown, confirmed, or rewritten), the
 * break-glass attestation and the comment. Saved as the reviewer goes; the item is decided once nothing is missing.
 */
export const ZDecisionInput = z
  .object({
    decisions: z.array(ZDecision).max(2000, "At most 2,000 decisions at a time").default([]),
    purpose: z.string().trim().min(10, "Describe the purpose in at least 10 characters").max(2000, "Keep the purpose under 2,000 characters").optional(),
    breakGlassTested: z.literal(true).optional(),
    comment: comment.optional(),
  })
  .refine((v) => v.decisions.length > 0 || v.purpose !== undefined || v.breakGlassTested !== undefined || v.comment !== undefined, {
    message: "Send at least one decision, the purpose, the attestation or a comment.",
  });
export type TDecisionInput = z.input<typeof ZDecisionInput>;

/** "Keep all used, revoke all unused" over the viewer's undecided grants and credentials in one campaign. */
export const ZBulkDecision = z.object({
  itemIds: z.array(z.string().min(1).max(64)).max(5000).optional(),
  comment: comment.optional(),
});
export type TBulkDecision = z.input<typeof ZBulkDecision>;

export const ZReassign = z
  .object({
    itemIds: z.array(z.string().min(1).max(64)).max(5000, "At most 5,000 items at a time").optional(),
    /** Every undecided item of this reviewer (the non-responders list). */
    fromReviewerId: userId.optional(),
    toUserId: userId.or(z.literal("")).transform((v, ctx) => {
      if (!v) {
        ctx.addIssue({ code: "custom", message: "Choose the new reviewer" });
        return z.NEVER;
      }
      return v;
    }),
  })
  .refine((v) => (v.itemIds?.length ?? 0) > 0 || v.fromReviewerId, { message: "Choose the items to reassign.", path: ["itemIds"] });
export type TReassign = z.input<typeof ZReassign>;

// ── Lists (URL state) ────────────────────────────────────────────────────────────────────────────────────────────

export const CAMPAIGN_STATUS_FILTERS = ["open", "DRAFT", "ACTIVE", "REMEDIATION", "CLOSED", "CANCELLED", "all"] as const;

export const ZCampaignListQuery = tableParamsSchema({ sortable: ["created", "due", "name"], defaultSort: "created", defaultDir: "desc" }).extend({
  status: z.preprocess(firstOf, z.enum(CAMPAIGN_STATUS_FILTERS)).catch("all").default("all"),
});
export type TCampaignListQuery = z.infer<typeof ZCampaignListQuery>;

export const ITEM_STATUS_FILTERS = ["pending", "decided", "noResponse"] as const;

const optionalId = z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined);

/** The admin's (and auditor's) items table of one campaign. */
export const ZCampaignItemsQuery = tableParamsSchema({ sortable: ["nhi", "risk", "reviewer", "decided"], defaultSort: "risk", defaultDir: "desc" }).extend({
  q: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
  state: z.preprocess(firstOf, z.enum(ITEM_STATUS_FILTERS).optional()).catch(undefined),
  reviewer: optionalId,
  team: optionalId,
  routedBy: z.preprocess(firstOf, z.enum(ReviewRouting).optional()).catch(undefined),
  part: z.preprocess(firstOf, z.enum(ReviewPart).optional()).catch(undefined),
});
export type TCampaignItemsQuery = z.infer<typeof ZCampaignItemsQuery>;

/** The API's cursor pages. */
export const ZCursorPage = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * The campaign form's scope fields (checkbox lists and a few selects), turned into the saved inventory filter.
 * The form and the server both go through ZCampaignInput after this.
 */
export const ZScopeForm = z
  .object({
    kind: z.array(z.string()).default([]),
    env: z.array(z.string()).default([]),
    source: z.array(z.string()).default([]),
    team: z.array(z.string()).default([]),
    criticality: z.array(z.string()).default([]),
    riskMin: z.string().default(""),
    changed: z.boolean().default(false),
    unused: z.boolean().default(false),
  })
  .transform((f) => {
    const scope: Record<string, unknown> = {};
    for (const k of ["kind", "env", "source", "team", "criticality"] as const) if (f[k].length) scope[k] = f[k];
    if (f.riskMin) scope.riskMin = Number(f.riskMin);
    if (f.changed) scope.changed = "1";
    if (f.unused) scope.unused = "1";
    return scope;
  });
export type TScopeForm = z.input<typeof ZScopeForm>;

/** The saved scope back into the form's fields (editing a draft). */
export function scopeToForm(scope: Partial<TInventoryFilters>): z.output<typeof ZScopeFormFields> {
  return {
    kind: scope.kind ?? [],
    env: scope.env ?? [],
    source: scope.source ?? [],
    team: scope.team ?? [],
    criticality: scope.criticality ?? [],
    riskMin: scope.riskMin !== undefined ? String(scope.riskMin) : "",
    changed: scope.changed === "1",
    unused: scope.unused === "1",
  };
}
const ZScopeFormFields = ZScopeForm.in;

/** The form's two escalation rows ("" days = off) into ZEscalation's levels. */
export const ZEscalationForm = z
  .object({
    l1Days: z.string().default(""),
    l1To: z.enum(ESCALATION_TARGETS).default("TEAM_LEAD"),
    l2Days: z.string().default(""),
    l2To: z.enum(ESCALATION_TARGETS).default("FALLBACK"),
  })
  .transform((f, ctx) => {
    const rows = [
      { key: "l1Days", days: f.l1Days, to: f.l1To },
      { key: "l2Days", days: f.l2Days, to: f.l2To },
    ].filter((r) => r.days.trim());
    const parsed = ZEscalation.safeParse({ levels: rows.map((r) => ({ afterDays: r.days, to: r.to })) });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [rows[Number(issue.path[1])]?.key ?? "l1Days"], message: issue.message });
    return z.NEVER;
  });

export function escalationToForm(levels: { afterDays: number; to: (typeof ESCALATION_TARGETS)[number] }[]): z.input<typeof ZEscalationForm> {
  return {
    l1Days: levels[0] ? String(levels[0].afterDays) : "",
    l1To: levels[0]?.to ?? "TEAM_LEAD",
    l2Days: levels[1] ? String(levels[1].afterDays) : "",
    l2To: levels[1]?.to ?? "FALLBACK",
  };
}

export const ZCampaignForm = ZCampaignFields.extend({ scope: ZScopeForm, escalation: ZEscalationForm }).superRefine(checkSchedule);


// ── Delegation: a reviewer hands their reviews to someone else for a while ───────────────────────────────────────

/** Longest delegation: a leave, not a permanent handover (that is a reassignment or an ownership transfer). */
export const MAX_DELEGATION_DAYS = 92;

/** "2026-12-01" is the start of that day (UTC) for `from` and its end for `to`; a full ISO timestamp is taken as is. */
function dayOrInstant(endOfDay: boolean, what: string) {
  return z.union([z.date(), z.string().trim().min(1, `Choose ${what}`)]).transform((v, ctx) => {
    const d = v instanceof Date ? v : /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T${endOfDay ? "23:59:59.999" : "00:00:00.000"}Z`) : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a valid date" });
      return z.NEVER;
    }
    return d;
  });
}

export const ZDelegationInput = z
  .object({
    delegateId: z.string().trim().min(1, "Choose who reviews for you").max(64),
    // Admins may record a delegation for someone else (an owner on leave who could not do it themselves).
    delegatorId: z.string().trim().max(64).nullish().transform((v) => v || null),
    // Empty = every campaign.
    campaignId: z.string().trim().max(64).nullish().transform((v) => v || null),
    startsAt: dayOrInstant(false, "when it starts"),
    endsAt: dayOrInstant(true, "when it ends"),
    reason: z.string().trim().max(500, "Keep the reason under 500 characters").nullish().transform((v) => v || null),
  })
  .superRefine((v, ctx) => {
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The end must be after the start" });
    else if (v.endsAt.getTime() - v.startsAt.getTime() > MAX_DELEGATION_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: `At most ${MAX_DELEGATION_DAYS} days: for longer, reassign the items or transfer ownership` });
    }
  });
export type TDelegationInput = z.input<typeof ZDelegationInput>;
