"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { bulkAssignOwner, updateIdentity } from "@/lib/identities/mutations";
import { ZBulkAssignOwner, ZIdentityUpdate, ZPurposeUpdate } from "@/lib/identities/schemas";
import { z } from "zod";
import { cancelTransfer, handOver } from "@/lib/ownership/mutations";
import { ZHandover } from "@/lib/ownership/schemas";

export const bulkAssignOwnerAction = action("identity:bulk-assign", ZBulkAssignOwner, async (viewer, input) => {
  const result = await bulkAssignOwner(viewer, input);
  revalidatePath("/inventory");
  return result;
});

export const updateIdentityAction = action(
  "identity:edit",
  z.object({ id: z.string().min(1), changes: ZIdentityUpdate }),
  async (viewer, { id, changes }) => {
    await updateIdentity(viewer, id, changes);
    revalidatePath(`/inventory/${id}`);
    return { id };
  },
);

export const updatePurposeAction = action(
  ["identity:edit", "identity:edit-purpose-own"],
  z.object({ id: z.string().min(1), changes: ZPurposeUpdate }),
  async (viewer, { id, changes }) => {
    await updateIdentity(viewer, id, { purpose: changes.purpose });
    revalidatePath(`/inventory/${id}`);
    return { id };
  },
);

// Ownership handover (lib/ownership): the NHI's owner or an admin asks; the new owner accepts in their reviews.
export const handOverAction = action(["identity:edit", "review:decide"], ZHandover, async (viewer, input) => {
  const t = await handOver(viewer, input);
  revalidatePath(`/inventory/${input.identityId}`);
  revalidatePath("/reviews");
  return { id: t.id };
});

export const cancelHandoverAction = action(["identity:edit", "review:decide"], z.object({ id: z.string().min(1).max(64) }), async (viewer, { id }) => {
  const r = await cancelTransfer(viewer, id);
  revalidatePath("/inventory");
  revalidatePath("/reviews");
  return r;
});
