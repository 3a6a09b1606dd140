import { z } from "zod";
import { Criticality, Environment, IdentityKind } from "../db/generated/enums";

// A blank select in the form means "any": stored as null, which matches every value of that scope column.
const anyOf = <T extends Record<string, string>>(e: T) =>
  z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(e).nullable());

export const ZRotationPolicyInput = z.object({
  name: z.string().trim().min(3, "Give the policy a name of at least 3 characters.").max(80),
  kind: anyOf(IdentityKind),
  environment: anyOf(Environment),
  criticality: anyOf(Criticality),
  maxAgeDays: z.coerce.number({ error: "Enter a number of days." }).int("Whole days only.").min(1, "At least 1 day.").max(3650, "At most 10 years (3650 days)."),
  priority: z.coerce.number({ error: "Enter a number." }).int().min(0).max(10_000).default(100),
});
export type TRotationPolicyInput = z.infer<typeof ZRotationPolicyInput>;

/** Preview of a new policy (no id) or of a change to an existing one; `remove` previews deleting it. */
export const ZRotationPolicyPreview = z.object({
  id: z.string().min(1).max(64).optional(),
  policy: ZRotationPolicyInput.optional(),
  remove: z.boolean().default(false),
}).refine((v) => v.remove ? !!v.id : !!v.policy, { message: "Send a policy to preview, or an id with remove." });
export type TRotationPolicyPreview = z.infer<typeof ZRotationPolicyPreview>;

export const ZRotationPolicyUpdate = z.object({ id: z.string().min(1).max(64), policy: ZRotationPolicyInput });
export const ZRotationPolicyDelete = z.object({ id: z.string().min(1).max(64) });
