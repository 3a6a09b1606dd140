"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { createApiToken, revokeApiToken } from "@/lib/tokens/mutations";
import { ZTokenCreate, ZTokenId } from "@/lib/tokens/schemas";

export const createTokenAction = action("token:manage-own", ZTokenCreate, async (viewer, input) => {
  const created = await createApiToken(viewer, input);
  revalidatePath("/settings/tokens");
  return created;
});

export const revokeTokenAction = action("token:manage-own", ZTokenId, async (viewer, { id }) => {
  const result = await revokeApiToken(viewer, id);
  revalidatePath("/settings/tokens");
  return result;
});
