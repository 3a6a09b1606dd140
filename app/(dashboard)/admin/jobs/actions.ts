"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { runJobNow, ZRunJob } from "@/lib/jobs/admin";

/** "Run now" on the Jobs page: the job runs at once whatever its schedule (audited in lib/jobs/admin.ts). */
export const runJobAction = action("settings:manage", ZRunJob, async (viewer, { name }) => {
  const outcome = await runJobNow(viewer, name);
  revalidatePath("/admin/jobs");
  revalidatePath("/admin/outbox");
  return outcome;
});
