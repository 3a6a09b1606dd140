import type { FindingStatus, Severity } from "../db/generated/enums";

// Display names for finding enums, shared by the findings page and the NHI detail page. Worst severity first.
export const SEVERITY_LABELS: Record<Severity, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", INFO: "Info" };

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = { OPEN: "Open", RESOLVED: "Resolved", EXCEPTED: "Accepted risk" };
