"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { ZTeamLead } from "@/lib/teams/schemas";
import { setTeamLead } from "@/lib/teams/teams";

export const setTeamLeadAction = action("user:manage", ZTeamLead, async (viewer, input) => {
  const result = await setTeamLead(viewer, input);
  revalidatePath("/admin/teams");
  return result;
});
