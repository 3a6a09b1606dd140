"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { decideOwnerSuggestions } from "@/lib/imports/suggestions";
import { ZSuggestionDecision } from "@/lib/imports/schemas";

export const decideSuggestionsAction = action("identity:edit", ZSuggestionDecision, async (viewer, input) => {
  const result = await decideOwnerSuggestions(viewer, input);
  revalidatePath("/imports/suggestions");
  revalidatePath("/inventory");
  return result;
});
