"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { decideExceptions, requestException, revokeException } from "@/lib/exceptions/mutations";
import { ZExceptionDecision, ZExceptionExtension, ZExceptionPolicy, ZExceptionRequest, ZExceptionRevoke } from "@/lib/exceptions/schemas";
import { updateExceptionPolicy } from "@/lib/settings/exception-policy";

// Findings, NHI pages and the register all show exception state: refresh them after any change.
function revalidateExceptionViews(identityId?: string | null) {
  revalidatePath("/exceptions", "layout");
  revalidatePath("/findings");
  if (identityId) revalidatePath(`/inventory/${identityId}`);
}

export const requestExceptionAction = action("exception:request", ZExceptionRequest, async (viewer, input) => {
  const result = await requestException(viewer, input);
  revalidateExceptionViews(input.identityId);
  return { id: result.id };
});

export const requestExtensionAction = action("exception:request", ZExceptionExtension, async (viewer, input) => {
  const result = await requestException(viewer, input);
  revalidateExceptionViews();
  return { id: result.id };
});

// The approve permission depends on a setting, so the wrapper only checks the session (exception:read); the data layer
// decides (lib/exceptions/permissions.ts).
export const decideExceptionsAction = action("exception:read", ZExceptionDecision, async (viewer, input) => {
  const result = await decideExceptions(viewer, input);
  revalidateExceptionViews();
  return result;
});

export const revokeExceptionAction = action("exception:read", ZExceptionRevoke, async (viewer, input) => {
  const result = await revokeException(viewer, input);
  revalidateExceptionViews();
  return result;
});

export const updateExceptionPolicyAction = action("settings:manage", ZExceptionPolicy, async (viewer, input) => {
  const result = await updateExceptionPolicy(viewer, input);
  revalidatePath("/exceptions", "layout");
  return result;
});
