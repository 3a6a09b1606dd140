import type { TransferOrigin, TransferStatus } from "../db/generated/enums";

export const TRANSFER_ORIGIN_LABELS: Record<TransferOrigin, string> = {
  REVIEW: "Reassigned in a review",
  HANDOVER: "Handed over",
  DEACTIVATION: "Owner deactivated; you are the backup owner",
};

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  PENDING: "Waiting for the new owner",
  ESCALATED: "Overdue (escalated)",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  CANCELLED: "Withdrawn",
};
