import type { TaskStatus } from "../db/generated/enums";

// What a remediation task asks for, in words (pages, CSV, e-mails). The keys are RemediationTask.action values,
// produced from review decisions by lib/remediation/create.ts.
export const TASK_ACTIONS = {
  REVOKE_ENTITLEMENT: "Revoke grant",
  REDUCE_ENTITLEMENT: "Reduce grant",
  ROTATE_CREDENTIAL: "Rotate credential",
  REVOKE_CREDENTIAL: "Revoke credential",
  DECOMMISSION_IDENTITY: "Decommission NHI",
  // From the graduated no-response rule (lib/campaigns/no-response.ts): a high-risk NHI nobody reviewed.
  DISABLE_IDENTITY: "Disable NHI (recommended)",
  REVOKE_DELEGATION: "Withdraw delegation",
  REDUCE_DELEGATION: "Narrow delegation",
} as const;
export type TaskAction = keyof typeof TASK_ACTIONS;

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  CANCELLED: "Cancelled",
};
