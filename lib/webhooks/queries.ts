import "server-only";
import { db } from "../db";
import { assertCan, NotFoundError, type Viewer } from "../auth/permissions";
import type { TDeliveryPage } from "./schemas";

/** What any read returns of an endpoint: never the secret (only its last characters, to tell secrets apart). */
export const endpointSelect = {
  id: true, name: true, url: true, events: true, enabled: true, secretHint: true, createdAt: true, updatedAt: true,
} as const;

export async function listEndpoints(viewer: Viewer) {
  assertCan(viewer, "webhook:manage");
  const rows = await db.webhookEndpoint.findMany({ select: endpointSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const stats = await db.webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } });
  const last = await db.webhookDelivery.groupBy({ by: ["endpointId"], _max: { lastAttemptAt: true } });
  return rows.map((r) => ({
    ...r,
    counts: Object.fromEntries(stats.filter((s) => s.endpointId === r.id).map((s) => [s.status, s._count._all])) as Partial<Record<"PENDING" | "SUCCEEDED" | "FAILED", number>>,
    lastAttemptAt: last.find((l) => l.endpointId === r.id)?._max.lastAttemptAt ?? null,
  }));
}

export async function getEndpoint(viewer: Viewer, id: string) {
  assertCan(viewer, "webhook:manage");
  const row = await db.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
  if (!row) throw new NotFoundError("Webhook endpoint not found.");
  return row;
}

export const deliverySelect = {
  id: true, status: true, attempts: true, nextAttemptAt: true, lastAttemptAt: true, lastStatusCode: true, lastDurationMs: true,
  lastError: true, lastResponse: true, createdAt: true,
  event: { select: { id: true, type: true, createdAt: true } },
} as const;

/** An endpoint's delivery log, newest first (delivery ids sort by creation time), one cursor page at a time. */
export async function listDeliveriesPage(viewer: Viewer, endpointId: string, page: TDeliveryPage) {
  await getEndpoint(viewer, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: { endpointId, ...(page.cursor ? { id: { lt: page.cursor } } : {}) },
    select: deliverySelect,
    orderBy: { id: "desc" },
    take: page.limit + 1,
  });
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? data[data.length - 1]!.id : null };
}
export type DeliveryRow = Awaited<ReturnType<typeof listDeliveriesPage>>["data"][number];
