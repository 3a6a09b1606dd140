import type { ExceptionStatus } from "../db/generated/enums";
import type { BadgeVariant } from "../../components/ui/badge";
import type { ExceptionQueue } from "./schemas";

// Display names shared by the exceptions pages, the NHI detail page, the CSV register and e-mails.
export const EXCEPTION_STATUS_LABELS: Record<ExceptionStatus, string> = {
  PROPOSED: "Pending approval",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  EXPIRED: "Expired",
  REVOKED: "Revoked",
};

export const EXCEPTION_STATUS_VARIANTS: Record<ExceptionStatus, BadgeVariant> = {
  PROPOSED: "info",
  APPROVED: "success",
  REJECTED: "neutral",
  EXPIRED: "medium",
  REVOKED: "neutral",
};

export const EXCEPTION_QUEUE_LABELS: Record<ExceptionQueue, string> = {
  pending: "Pending approval",
  expiring: "Expiring soon",
  active: "Active",
  expired: "Expired",
  closed: "Rejected or revoked",
  all: "All",
};
