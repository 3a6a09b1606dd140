"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { createEndpoint, deleteEndpoint, redeliver, rotateSecret, sendTestEvent, updateEndpoint } from "@/lib/webhooks/mutations";
import { ZWebhookCreate, ZWebhookId, ZWebhookUpdate } from "@/lib/webhooks/schemas";

const refresh = (id?: string) => {
  revalidatePath("/settings/webhooks");
  if (id) revalidatePath(`/settings/webhooks/${id}`);
};

export const createWebhookAction = action("webhook:manage", ZWebhookCreate, async (viewer, input) => {
  const created = await createEndpoint(viewer, input);
  refresh();
  return { id: created.endpoint.id, name: created.endpoint.name, secret: created.secret };
});

export const updateWebhookAction = action("webhook:manage", ZWebhookId.extend({ changes: ZWebhookUpdate }), async (viewer, { id, changes }) => {
  const updated = await updateEndpoint(viewer, id, changes);
  refresh(id);
  return { id: updated.id, enabled: updated.enabled };
});

export const deleteWebhookAction = action("webhook:manage", ZWebhookId, async (viewer, { id }) => {
  await deleteEndpoint(viewer, id);
  refresh();
  return { id };
});

export const rotateWebhookSecretAction = action("webhook:manage", ZWebhookId, async (viewer, { id }) => {
  const { secret } = await rotateSecret(viewer, id);
  refresh(id);
  return { secret };
});

export const sendTestWebhookAction = action("webhook:manage", ZWebhookId, async (viewer, { id }) => {
  const r = await sendTestEvent(viewer, id);
  refresh(id);
  return r;
});

export const redeliverWebhookAction = action("webhook:manage", ZWebhookId.extend({ deliveryId: z.string().min(1).max(64) }), async (viewer, { id, deliveryId }) => {
  const r = await redeliver(viewer, { endpointId: id, deliveryId });
  refresh(id);
  return r;
});
