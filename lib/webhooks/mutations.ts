import "server-only";
import { db, Prisma } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, NotFoundError, type Viewer } from "../auth/permissions";
import { ConflictError } from "../errors";
import { attempt, type AttemptResult } from "./deliver";
import { deliveryId } from "./emit";
import { endpointSelect } from "./queries";
import { encryptSecret, generateSigningSecret } from "./signing";
import { TEST_EVENT, ZWebhookCreate, ZWebhookUpdate, type TWebhookCreate, type TWebhookUpdate } from "./schemas";

const hint = (secret: string) => `…${secret.slice(-4)}`;

/** Audit shows where events go without the query string (it may carry a receiver's token). */
function auditUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? "?…" : ""}`;
}

/** Creates an endpoint; the signing secret is returned here once and never again. */
export async function createEndpoint(viewer: Viewer, raw: TWebhookCreate) {
  assertCan(viewer, "webhook:manage");
  const input = ZWebhookCreate.parse(raw);
  const secret = generateSigningSecret();
  const endpoint = await db.$transaction(async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: { name: input.name, url: input.url, events: input.events, secretEncrypted: encryptSecret(secret), secretHint: hint(secret), createdById: viewer.id },
      select: endpointSelect,
    });
    await recordAudit(tx, {
      actor: viewer, action: "webhook.create", targetType: "WebhookEndpoint", targetId: row.id,
      after: { name: row.name, url: auditUrl(row.url), events: row.events, enabled: true },
    });
    return row;
  });
  return { endpoint, secret };
}

export async function updateEndpoint(viewer: Viewer, id: string, raw: TWebhookUpdate) {
  assertCan(viewer, "webhook:manage");
  const input = ZWebhookUpdate.parse(raw);
  return db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
    if (!before) throw new NotFoundError("Webhook endpoint not found.");
    const data: Prisma.WebhookEndpointUpdateInput = {};
    if (input.name !== undefined && input.name !== before.name) data.name = input.name;
    if (input.url !== undefined && input.url !== before.url) data.url = input.url;
    if (input.enabled !== undefined && input.enabled !== before.enabled) data.enabled = input.enabled;
    if (input.events !== undefined && [...input.events].sort().join() !== [...before.events].sort().join()) data.events = input.events;
    if (!Object.keys(data).length) return before;
    const after = await tx.webhookEndpoint.update({ where: { id }, data, select: endpointSelect });
    const keys = Object.keys(data) as (keyof typeof before)[];
    const show = (r: typeof before) => Object.fromEntries(keys.map((k) => [k, k === "url" ? auditUrl(r.url) : r[k]]));
    await recordAudit(tx, { actor: viewer, action: "webhook.update", targetType: "WebhookEndpoint", targetId: id, before: show(before), after: show(after) });
    return after;
  });
}

/** A new signing secret (shown once); the old one stops signing at once. */
export async function rotateSecret(viewer: Viewer, id: string) {
  assertCan(viewer, "webhook:manage");
  const secret = generateSigningSecret();
  await db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id }, select: { secretHint: true } });
    if (!before) throw new NotFoundError("Webhook endpoint not found.");
    await tx.webhookEndpoint.update({ where: { id }, data: { secretEncrypted: encryptSecret(secret), secretHint: hint(secret) } });
    await recordAudit(tx, { actor: viewer, action: "webhook.rotate-secret", targetType: "WebhookEndpoint", targetId: id, before: { secretHint: before.secretHint }, after: { secretHint: hint(secret) } });
  });
  return { secret };
}

/** Deletes an endpoint with its delivery log (the audit log keeps the record of it). */
export async function deleteEndpoint(viewer: Viewer, id: string) {
  assertCan(viewer, "webhook:manage");
  await db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
    if (!before) throw new NotFoundError("Webhook endpoint not found.");
    const deliveries = await tx.webhookDelivery.count({ where: { endpointId: id } });
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAudit(tx, {
      actor: viewer, action: "webhook.delete", targetType: "WebhookEndpoint", targetId: id,
      before: { name: before.name, url: auditUrl(before.url), events: before.events, enabled: before.enabled }, meta: { deliveries },
    });
  });
}

/** Sends a `webhook.test` event to one endpoint now and returns the attempt (it is in the log too). */
export async function sendTestEvent(viewer: Viewer, id: string, now = new Date()): Promise<AttemptResult> {
  assertCan(viewer, "webhook:manage");
  const delivery = await db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id }, select: { id: true, name: true, enabled: true } });
    if (!endpoint) throw new NotFoundError("Webhook endpoint not found.");
    if (!endpoint.enabled) throw new ConflictError("The endpoint is disabled: enable it before sending a test event.");
    const event = await tx.webhookEvent.create({
      data: { type: TEST_EVENT, data: { message: "Test event from Steward: the signature verifies and the endpoint is reachable.", endpoint: { id: endpoint.id, name: endpoint.name }, sentBy: viewer.email }, createdAt: now },
      select: { id: true },
    });
    const d = await tx.webhookDelivery.create({ data: { id: deliveryId(now), endpointId: id, eventId: event.id, nextAttemptAt: null }, select: { id: true } });
    await recordAudit(tx, { actor: viewer, action: "webhook.test", targetType: "WebhookEndpoint", targetId: id, meta: { deliveryId: d.id } });
    return d;
  });
  return attempt(delivery.id, now);
}

/** Sends an event again to the same endpoint as a new delivery (the old one stays in the log as it was). */
export async function redeliver(viewer: Viewer, ref: { endpointId: string; deliveryId: string }, now = new Date()): Promise<AttemptResult> {
  assertCan(viewer, "webhook:manage");
  const delivery = await db.$transaction(async (tx) => {
    const old = await tx.webhookDelivery.findFirst({
      where: { id: ref.deliveryId, endpointId: ref.endpointId },
      select: { id: true, status: true, eventId: true, endpoint: { select: { id: true, enabled: true } } },
    });
    if (!old) throw new NotFoundError("Delivery not found.");
    if (!old.endpoint.enabled) throw new ConflictError("The endpoint is disabled: enable it before redelivering.");
    if (old.status === "PENDING") throw new ConflictError("This delivery is still being retried: wait for its next attempt, or for it to fail.");
    const d = await tx.webhookDelivery.create({ data: { id: deliveryId(now), endpointId: old.endpoint.id, eventId: old.eventId, nextAttemptAt: null }, select: { id: true } });
    await recordAudit(tx, { actor: viewer, action: "webhook.redeliver", targetType: "WebhookEndpoint", targetId: old.endpoint.id, meta: { deliveryId: d.id, of: old.id } });
    return d;
  });
  return attempt(delivery.id, now);
}
