import { z } from "zod";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { ZCursorPage } from "../api/paging";
import { firstOf } from "../url-params";

export const OUTBOX_STATES = ["pending", "sent", "failed"] as const;

/** The Outbox page's URL state. */
export const ZOutboxQuery = tableParamsSchema({ sortable: ["created"], defaultSort: "created", defaultDir: "desc", defaultSize: 25 }).extend({
  to: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
  state: z.preprocess(firstOf, z.enum(OUTBOX_STATES).optional()).catch(undefined),
});
export type TOutboxQuery = z.infer<typeof ZOutboxQuery>;

/** GET /api/v1/outbox. */
export const ZOutboxApiQuery = ZCursorPage.extend({
  to: z.string().trim().max(200).optional(),
  state: z.enum(OUTBOX_STATES).optional(),
});
