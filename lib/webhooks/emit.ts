// Webhook events are written like outbox messages: in the same transaction as the change they report, so an event
// exists if and only if the change was committed. Each event gets one PENDING delivery per enabled endpoint
// subscribed to its type at that moment; lib/webhooks/deliver.ts sends them. Nothing is written when no endpoint
// subscribes. Set-based: a close that creates 10,000 remediation tasks emits them in two statements.
import crypto from "node:crypto";
import { Prisma, type Tx } from "../db";
import { ts } from "../rules/sql";
import type { WebhookEventType } from "./schemas";

/** Delivery ids sort by creation time (the log pages newest first by id). */
export function deliveryId(now: Date): string {
  return `whd_${now.toISOString().replace(/\D/g, "").slice(0, 17)}${crypto.randomBytes(6).toString("hex")}`;
}
const deliveryIdSql = (now: Date) =>
  Prisma.sql`'whd_' || to_char(${ts(now)}, 'YYYYMMDDHH24MISSMS') || substr(replace(gen_random_uuid()::text, '-', ''), 1, 12)`;

async function subscribed(tx: Tx, type: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "WebhookEndpoint" WHERE "enabled" AND ${type} = ANY("events") LIMIT 1`;
  return rows.length > 0;
}

/**
 * Emits one event per row of `rows`, a SELECT of ("dedupKey" text, "data" jsonb). A dedupKey already emitted is
 * skipped (jobs that re-run never send twice). Returns the number of deliveries queued.
 */
export async function emitEventsFrom(tx: Tx, type: WebhookEventType, rows: Prisma.Sql, now: Date): Promise<number> {
  if (!(await subscribed(tx, type))) return 0;
  return tx.$executeRaw(Prisma.sql`
    WITH ev AS (
      INSERT INTO "WebhookEvent" ("id", "type", "dedupKey", "data", "createdAt")
      SELECT 'whe_' || replace(gen_random_uuid()::text, '-', ''), ${type}, s."dedupKey", s."data", ${ts(now)}
      FROM (${rows}) s
      ON CONFLICT ("dedupKey") DO NOTHING
      RETURNING "id"
    )
    INSERT INTO "WebhookDelivery" ("id", "endpointId", "eventId", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
    SELECT ${deliveryIdSql(now)}, e."id", ev."id", 'PENDING', 0, ${ts(now)}, ${ts(now)}, ${ts(now)}
    FROM ev CROSS JOIN "WebhookEndpoint" e
    WHERE e."enabled" AND ${type} = ANY(e."events")`);
}

/** Emits events given as values (a handful: a campaign launched or closed). */
export async function emitEvents(tx: Tx, type: WebhookEventType, events: readonly { dedupKey: string; data: unknown }[], now: Date): Promise<number> {
  if (!events.length) return 0;
  const json = JSON.stringify(events);
  return emitEventsFrom(tx, type, Prisma.sql`SELECT x->>'dedupKey' AS "dedupKey", x->'data' AS "data" FROM jsonb_array_elements(${json}::jsonb) x`, now);
}
