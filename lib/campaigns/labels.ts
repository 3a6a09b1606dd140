import type { CampaignStatus, NoResponseOutcome, ReviewPart, ReviewRouting } from "../db/generated/enums";
import type { CommentPolicy } from "./state";

// Words for campaign values, shared by pages, the evidence pack and e-mails.
export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  DRAFT: "Draft",
  ACTIVE: "In review",
  REMEDIATION: "Remediation",
  CLOSED: "Closed",
  CANCELLED: "Cancelled",
};

export const CAMPAIGN_STATUS_VARIANTS: Record<CampaignStatus, "neutral" | "info" | "medium" | "success" | "outline"> = {
  DRAFT: "outline",
  ACTIVE: "info",
  REMEDIATION: "medium",
  CLOSED: "success",
  CANCELLED: "neutral",
};

export const ROUTING_LABELS: Record<ReviewRouting, string> = {
  OWNER: "Owner",
  BACKUP_OWNER: "Backup owner (owner inactive)",
  BACKUP_REVIEWER: "Backup reviewer (owner inactive)",
  ON_BEHALF_OF: "Human the agent acts for",
  FALLBACK_ORPHAN: "Fallback: no owner",
  FALLBACK_INACTIVE: "Fallback: owner inactive",
  FALLBACK_SELF_REVIEW: "Fallback: self-review blocked",
  UNASSIGNED: "Unassigned",
  REASSIGNED: "Reassigned by an admin",
};

export const COMMENT_POLICY_LABELS: Record<CommentPolicy, string> = {
  NEVER: "Never required",
  ON_REVOKE: "Required to revoke, reduce or decommission",
  ALWAYS: "Required on every decision",
};

export const NO_RESPONSE_LABELS: Record<NoResponseOutcome, string> = {
  NO_CHANGE: "Record as not reviewed (no change)",
  REVOKE_UNUSED: "Revoke unused grants and credentials",
  REVOKE_ALL: "Revoke all grants and credentials",
  DECOMMISSION: "Decommission the NHI",
};

export const PART_LABELS: Record<ReviewPart, string> = { ACCESS: "Access", DELEGATION: "Delegation" };

export const DECISION_LABELS: Record<string, string> = {
  CONFIRM: "Confirm",
  REASSIGN: "Reassign",
  DECOMMISSION: "Decommission",
  KEEP: "Keep",
  REDUCE: "Reduce",
  REVOKE: "Revoke",
  ROTATE: "Rotate",
};
