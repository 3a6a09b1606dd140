"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { cancelCampaign, closeCampaign, completeCampaign, createCampaign, launchCampaign, reassignItems, updateCampaign } from "@/lib/campaigns/mutations";
import { ZCampaignInput, ZReassign } from "@/lib/campaigns/schemas";

const id = z.string().min(1).max(64);

export const createCampaignAction = action("campaign:manage", ZCampaignInput, async (viewer, input) => {
  const c = await createCampaign(viewer, input);
  revalidatePath("/campaigns");
  return c;
});

export const updateCampaignAction = action("campaign:manage", z.object({ id, campaign: ZCampaignInput }), async (viewer, { id, campaign }) => {
  const c = await updateCampaign(viewer, id, campaign);
  revalidatePath(`/campaigns/${id}`);
  return c;
});

// Lifecycle: one action per step, each guarded and audited in lib/campaigns/mutations.ts.
const STEPS = { launch: launchCampaign, close: closeCampaign, complete: completeCampaign, cancel: cancelCampaign } as const;

export const campaignStepAction = action("campaign:manage", z.object({ id, step: z.enum(["launch", "close", "complete", "cancel"]) }), async (viewer, { id, step }) => {
  const result = await STEPS[step](viewer, id);
  revalidatePath("/campaigns");
  revalidatePath(`/campaigns/${id}`);
  revalidatePath("/reviews");
  revalidatePath("/remediation");
  return result;
});

export const reassignItemsAction = action("campaign:manage", z.object({ campaignId: id, reassign: ZReassign }), async (viewer, { campaignId, reassign }) => {
  const result = await reassignItems(viewer, campaignId, reassign);
  revalidatePath(`/campaigns/${campaignId}`);
  return result;
});
