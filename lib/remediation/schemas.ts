import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { TaskStatus } from "../db/generated/enums";
import { firstOf } from "../url-params";
import { TASK_ACTIONS } from "./labels";

export const TASK_SORTS = ["due", "created", "action"] as const;

// Remediation URL contract (page and API). Status defaults to what still needs doing.
export const ZTaskFilters = z.object({
  status: z.preprocess(firstOf, z.enum(["todo", ...Object.values(TaskStatus), "all"] as ["todo", ...TaskStatus[], "all"])).catch("todo").default("todo"),
  action: z.preprocess(firstOf, z.enum(Object.keys(TASK_ACTIONS) as [keyof typeof TASK_ACTIONS, ...(keyof typeof TASK_ACTIONS)[]]).optional()).catch(undefined),
  campaign: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  // "me" = assigned to the viewer, "none" = unassigned, else a user id.
  assignee: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  q: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
});
export type TTaskFilters = z.infer<typeof ZTaskFilters>;

export const ZTaskQuery = tableParamsSchema({ sortable: TASK_SORTS, defaultSort: "due", defaultDir: "asc" }).extend(ZTaskFilters.shape);
export type TTaskQuery = z.infer<typeof ZTaskQuery>;

export const ZTaskUpdate = z.object({
  status: z.enum(TaskStatus),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters").optional(),
});
export type TTaskUpdate = z.input<typeof ZTaskUpdate>;
