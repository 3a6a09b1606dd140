"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { createRotationPolicy, deleteRotationPolicy, updateRotationPolicy } from "@/lib/rotation-policies/mutations";
import { previewRotationPolicy } from "@/lib/rotation-policies/queries";
import { ZRotationPolicyDelete, ZRotationPolicyInput, ZRotationPolicyPreview, ZRotationPolicyUpdate } from "@/lib/rotation-policies/schemas";

const PATH = "/settings/rotation-policies";

export const previewRotationPolicyAction = action("settings:manage", ZRotationPolicyPreview, (viewer, input) => previewRotationPolicy(viewer, input));

export const createRotationPolicyAction = action("settings:manage", ZRotationPolicyInput, async (viewer, input) => {
  const p = await createRotationPolicy(viewer, input);
  revalidatePath(PATH);
  return { id: p.id };
});

export const updateRotationPolicyAction = action("settings:manage", ZRotationPolicyUpdate, async (viewer, { id, policy }) => {
  await updateRotationPolicy(viewer, id, policy);
  revalidatePath(PATH);
  return { id };
});

export const deleteRotationPolicyAction = action("settings:manage", ZRotationPolicyDelete, async (viewer, { id }) => {
  await deleteRotationPolicy(viewer, id);
  revalidatePath(PATH);
  return { id };
});
