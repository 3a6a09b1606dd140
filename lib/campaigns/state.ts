// The rules of a campaign's life and of a review item's completeness, in one pure module (no database), used by
// the data layer, the API, the pages and the tests alike. Later work (reminders, delegation windows, handover)
// adds its transitions here rather than next to its own queries.
import type { CampaignStatus, DecisionTarget, ReviewPart } from "../db/generated/enums";
import { ValidationError } from "../errors";

// ── Campaign lifecycle ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * What an admin (or a job) can do to a campaign, and the states each is allowed from.
 *   DRAFT ──launch──▶ ACTIVE ──close──▶ REMEDIATION ──complete──▶ CLOSED
 *     │                 │         └──(close with nothing to remediate)──▶ CLOSED
 *     └──cancel─────────┴──cancel──▶ CANCELLED
 * `edit` changes a draft's settings; `decide` and `reassign` act on the items of a running review.
 */
export const CAMPAIGN_ACTIONS = {
  edit: { from: ["DRAFT"], to: null },
  launch: { from: ["DRAFT"], to: "ACTIVE" },
  decide: { from: ["ACTIVE"], to: null },
  reassign: { from: ["ACTIVE"], to: null },
  // close goes to REMEDIATION when the review produced work, else straight to CLOSED (see closeTarget).
  close: { from: ["ACTIVE"], to: "REMEDIATION" },
  complete: { from: ["REMEDIATION"], to: "CLOSED" },
  cancel: { from: ["DRAFT", "ACTIVE"], to: "CANCELLED" },
} as const satisfies Record<string, { from: readonly CampaignStatus[]; to: CampaignStatus | null }>;

export type CampaignAction = keyof typeof CAMPAIGN_ACTIONS;

/** Every status change the machine allows; anything else is refused. */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  DRAFT: ["ACTIVE", "CANCELLED"],
  ACTIVE: ["REMEDIATION", "CLOSED", "CANCELLED"],
  REMEDIATION: ["CLOSED"],
  CLOSED: [],
  CANCELLED: [],
};

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_TRANSITIONS[from].includes(to);
}

export function isAllowed(action: CampaignAction, status: CampaignStatus): boolean {
  return (CAMPAIGN_ACTIONS[action].from as readonly CampaignStatus[]).includes(status);
}

/** The states an action may start from: the guard of its conditional UPDATE (`WHERE status IN (...)`). */
export function allowedFrom(action: CampaignAction): CampaignStatus[] {
  return [...CAMPAIGN_ACTIONS[action].from];
}

/** Where closing the review leads: remediation when it produced tasks, otherwise the campaign is done. */
export function closeTarget(tasksCreated: number): CampaignStatus {
  return tasksCreated > 0 ? "REMEDIATION" : "CLOSED";
}

const REFUSALS: Record<CampaignAction, Partial<Record<CampaignStatus, string>>> = {
  edit: {
    ACTIVE: "This campaign has been launched: its settings can no longer be changed.",
    REMEDIATION: "This campaign has been launched: its settings can no longer be changed.",
    CLOSED: "This campaign is closed: its settings can no longer be changed.",
    CANCELLED: "This campaign was cancelled: its settings can no longer be changed.",
  },
  launch: {
    ACTIVE: "This campaign has already been launched.",
    REMEDIATION: "This campaign has already been launched and its review is closed.",
    CLOSED: "This campaign has already run and is closed.",
    CANCELLED: "This campaign was cancelled; create a new one to review these NHIs.",
  },
  decide: {
    DRAFT: "This campaign has not been launched yet.",
    REMEDIATION: "This campaign's review is closed: decisions can no longer be made or changed.",
    CLOSED: "This campaign is closed: decisions can no longer be made or changed.",
    CANCELLED: "This campaign was cancelled: decisions can no longer be made.",
  },
  reassign: {
    DRAFT: "Launch the campaign before reassigning its items.",
    REMEDIATION: "This campaign's review is closed: items can no longer be reassigned.",
    CLOSED: "This campaign is closed: items can no longer be reassigned.",
    CANCELLED: "This campaign was cancelled.",
  },
  close: {
    DRAFT: "Launch the campaign before closing it.",
    REMEDIATION: "This campaign's review is already closed.",
    CLOSED: "This campaign is already closed.",
    CANCELLED: "This campaign was cancelled.",
  },
  complete: {
    DRAFT: "Launch the campaign first.",
    ACTIVE: "Close the review first: undecided items still need their outcome.",
    CLOSED: "This campaign is already closed.",
    CANCELLED: "This campaign was cancelled.",
  },
  cancel: {
    REMEDIATION: "This campaign's review is closed: it can no longer be cancelled.",
    CLOSED: "This campaign is closed: it can no longer be cancelled.",
    CANCELLED: "This campaign is already cancelled.",
  },
};

/** Throws a ValidationError that says why, in words, when `action` is not allowed in `status`. */
export function assertAllowed(action: CampaignAction, status: CampaignStatus): void {
  if (isAllowed(action, status)) return;
  throw new ValidationError(REFUSALS[action][status] ?? `Not possible while the campaign is ${status.toLowerCase()}.`);
}

// ── Decisions ────────────────────────────────────────────────────────────────────────────────────────────────────

/** The decisions each target accepts. ROTATE only makes sense for a credential, REDUCE for a grant or delegation. */
export const DECISIONS = {
  IDENTITY: ["CONFIRM", "REASSIGN", "DECOMMISSION"],
  ENTITLEMENT: ["KEEP", "REDUCE", "REVOKE"],
  CREDENTIAL: ["KEEP", "ROTATE", "REVOKE"],
  DELEGATION: ["KEEP", "REDUCE", "REVOKE"],
} as const satisfies Record<DecisionTarget, readonly string[]>;

export type DecisionValue<T extends DecisionTarget = DecisionTarget> = (typeof DECISIONS)[T][number];

export const COMMENT_POLICIES = ["NEVER", "ON_REVOKE", "ALWAYS"] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

/** Decisions that take access away: under ON_REVOKE they need a comment saying why. */
const REMOVALS = new Set<string>(["REVOKE", "REDUCE", "DECOMMISSION"]);

export function needsComment(policy: CommentPolicy, decision: string): boolean {
  if (policy === "ALWAYS") return true;
  if (policy === "ON_REVOKE") return REMOVALS.has(decision);
  return false;
}

// ── Review item completeness ─────────────────────────────────────────────────────────────────────────────────────

/** What completeness needs to know about one item: its part, what was shown, and the decisions made so far. */
export interface ItemState {
  part: ReviewPart;
  breakGlass: boolean;
  entitlementIds: readonly string[];
  credentialIds: readonly string[];
  /** Key `${target}:${targetId}` (targetId "" for IDENTITY and DELEGATION) -> decision. */
  decisions: ReadonlyMap<string, string>;
  purposeConfirmed: string | null;
  breakGlassAttested: boolean;
  comment: string | null;
  commentPolicy: CommentPolicy;
}

export const decisionKey = (target: DecisionTarget, targetId = "") => `${target}:${targetId}`;

export interface ItemProgress {
  complete: boolean;
  /** What is still missing, in words, for the reviewer ("3 entitlements", "a comment"). */
  missing: string[];
  /** Access decisions still to make (entitlements + credentials), for the "left" counters. */
  openAccess: number;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * Is the item decided? ACCESS part: the identity decision; when CONFIRM, also the purpose (confirmed or rewritten),
 * the break-glass attestation for break-glass NHIs, and a decision on every entitlement and credential shown
 * (REASSIGN hands the NHI to its new owner, DECOMMISSION removes it all: neither needs per-access decisions).
 * DELEGATION part: the delegation decision. Either way, a comment when any decision made needs one.
 */
export function itemProgress(s: ItemState): ItemProgress {
  const missing: string[] = [];
  let openAccess = 0;
  if (s.part === "DELEGATION") {
    if (!s.decisions.has(decisionKey("DELEGATION"))) missing.push("the delegation decision");
  } else {
    const identity = s.decisions.get(decisionKey("IDENTITY"));
    const needsAccess = identity === undefined || identity === "CONFIRM";
    if (needsAccess) {
      const ents = s.entitlementIds.filter((id) => !s.decisions.has(decisionKey("ENTITLEMENT", id))).length;
      const creds = s.credentialIds.filter((id) => !s.decisions.has(decisionKey("CREDENTIAL", id))).length;
      openAccess = ents + creds;
      if (ents) missing.push(plural(ents, "entitlement"));
      if (creds) missing.push(plural(creds, "credential"));
    }
    if (identity === undefined) missing.unshift("the identity decision");
    if (identity === "CONFIRM" && !s.purposeConfirmed?.trim()) missing.push("the purpose");
    if (identity === "CONFIRM" && s.breakGlass && !s.breakGlassAttested) missing.push("the break-glass attestation");
  }
  if (!s.comment?.trim() && [...s.decisions.values()].some((d) => needsComment(s.commentPolicy, d))) missing.push("a comment");
  return { complete: missing.length === 0, missing, openAccess };
}
