"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createDelegation, revokeDelegation } from "@/lib/campaigns/delegation";
import { ZDelegationInput } from "@/lib/campaigns/schemas";
import { cancelTransfer, decideTransfer } from "@/lib/ownership/mutations";
import { ZTransferDecision } from "@/lib/ownership/schemas";

const id = z.string().min(1).max(64);

export const createDelegationAction = action("review:decide", ZDelegationInput, async (viewer, input) => {
  const d = await createDelegation(viewer, input);
  revalidatePath("/reviews");
  return { id: d.id, state: d.state };
});

export const revokeDelegationAction = action("review:decide", z.object({ id }), async (viewer, { id }) => {
  const r = await revokeDelegation(viewer, id);
  revalidatePath("/reviews");
  return r;
});

export const decideTransferAction = action("review:decide", ZTransferDecision, async (viewer, input) => {
  const r = await decideTransfer(viewer, input);
  revalidatePath("/reviews");
  revalidatePath(`/inventory/${r.identityId}`);
  return r;
});

export const cancelTransferAction = action(["review:decide", "identity:edit"], z.object({ id }), async (viewer, { id }) => {
  const r = await cancelTransfer(viewer, id);
  revalidatePath("/reviews");
  return r;
});
