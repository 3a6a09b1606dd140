import type { Viewer } from "../auth/permissions";

/**
 * Who the scheduler acts as when a job calls the data layer (launching a recurring instance, closing an overdue
 * review): an admin that is no person. Audit events name it ("scheduler"), so a job's changes are never attributed
 * to whoever configured the campaign.
 */
export const SCHEDULER: Viewer = { id: "scheduler", email: "scheduler@steward", name: "Steward scheduler", role: "ADMIN" };
