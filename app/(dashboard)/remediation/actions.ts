"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { updateTaskStatus } from "@/lib/remediation/mutations";
import { ZTaskUpdate } from "@/lib/remediation/schemas";

export const updateTaskAction = action("remediation:work", z.object({ id: z.string().min(1).max(64), update: ZTaskUpdate }), async (viewer, { id, update }) => {
  const result = await updateTaskStatus(viewer, id, update);
  revalidatePath("/remediation");
  return result;
});
