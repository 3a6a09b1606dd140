"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createUserAs, updateUser } from "@/lib/users/mutations";
import { ZUserCreate, ZUserUpdate } from "@/lib/users/schemas";

export const createUserAction = action("user:manage", ZUserCreate, async (viewer, input) => {
  const user = await createUserAs(viewer, input);
  revalidatePath("/settings/users");
  return { id: user.id, email: user.email };
});

export const updateUserAction = action("user:manage", z.object({ id: z.string().min(1).max(64), changes: ZUserUpdate }), async (viewer, { id, changes }) => {
  const user = await updateUser(viewer, id, changes);
  revalidatePath("/settings/users");
  return { id: user.id, role: user.role, active: user.active };
});
