import { z } from "zod";

/** Open transfers: waiting for the new owner (an escalated one still is). */
export const OPEN_TRANSFER = ["PENDING", "ESCALATED"] as const;

/** Days a transfer may wait for the new owner before admins and the team lead are told (job ownership.escalate). */
export const TRANSFER_ESCALATION_DAYS = 7;

const id = z.string().trim().min(1).max(64);

export const ZHandover = z.object({
  identityId: id,
  toUserId: id.or(z.literal("")).refine((v) => v !== "", "Choose the new owner"),
  reason: z.string().trim().min(5, "Say why (at least 5 characters): the new owner reads it").max(1000, "Keep the reason under 1,000 characters"),
});
export type THandover = z.input<typeof ZHandover>;

export const ZTransferDecision = z
  .object({
    id,
    accept: z.boolean(),
    reason: z.string().trim().max(1000, "Keep the reason under 1,000 characters").nullish().transform((v) => v || null),
  })
  .refine((v) => v.accept || !!v.reason, { path: ["reason"], message: "Say why you decline: the requester reads it" });
export type TTransferDecision = z.input<typeof ZTransferDecision>;
