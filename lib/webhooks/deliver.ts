// Sends webhook deliveries: due ones from the every-minute job (lib/jobs/registry.ts), one at once for "send test
// event" and "redeliver". Each attempt is a POST of the event's JSON, signed (lib/webhooks/signing.ts), with a 10 s
// timeout and no redirects followed. A 2xx succeeds; anything else is retried after 1 m, 5 m, 30 m, 2 h and 12 h,
// then the delivery is FAILED. The clock is a parameter, so tests drive the schedule without sleeping.
//
// Concurrency: a due delivery is claimed by pushing its nextAttemptAt two minutes ahead (a lease longer than the
// timeout) in one conditional UPDATE .. FOR UPDATE SKIP LOCKED, so replicas never send the same attempt twice; a
// process that dies mid-attempt leaves the lease to expire and the attempt is made again.
import { db, Prisma } from "../db";
import { logger } from "../log";
import { ts } from "../rules/sql";
import { decryptSecret, signatureHeader } from "./signing";
import { DELIVERY_TIMEOUT_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from "./schemas";

const LEASE_MS = 2 * 60_000;
const BATCH = 100;
const PARALLEL = 8;
const SNIPPET_CHARS = 500;

export interface AttemptResult {
  deliveryId: string;
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  nextAttemptAt: Date | null;
}

/** The JSON body of an event: the same bytes for every endpoint and attempt. */
export function eventBody(event: { id: string; type: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: event.data });
}

/** When attempt number `attempts` (1-based, just failed) is retried; null = no more attempts. */
export function retryAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return attempts >= MAX_ATTEMPTS || delay === undefined ? null : new Date(now.getTime() + delay);
}

/** Sends every due delivery (the job). */
export async function deliverDue({ now = new Date() }: { now?: Date } = {}) {
  const claimed = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${ts(new Date(now.getTime() + LEASE_MS))}
    WHERE "id" IN (
      SELECT d."id" FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e."id" = d."endpointId" AND e."enabled"
      WHERE d."status" = 'PENDING' AND d."nextAttemptAt" <= ${ts(now)}
      ORDER BY d."nextAttemptAt" LIMIT ${BATCH}
      FOR UPDATE OF d SKIP LOCKED
    )
    RETURNING "id"`);
  const results: AttemptResult[] = [];
  for (let i = 0; i < claimed.length; i += PARALLEL) {
    const batch = await Promise.all(
      claimed.slice(i, i + PARALLEL).map((c) =>
        // An endpoint deleted meanwhile takes its deliveries with it: nothing to record.
        attempt(c.id, now).catch((err: unknown) => {
          logger.error("webhook attempt could not be recorded", { deliveryId: c.id, err });
          return null;
        }),
      ),
    );
    results.push(...batch.filter((r): r is AttemptResult => r !== null));
  }
  return { attempted: results.length, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => r.status === "FAILED").length };
}

/** Makes one attempt of a delivery now (already claimed, or just created for a test / redelivery). */
export async function attempt(deliveryId: string, now: Date): Promise<AttemptResult> {
  const d = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      id: true, attempts: true,
      endpoint: { select: { id: true, url: true, secretEncrypted: true } },
      event: { select: { id: true, type: true, createdAt: true, data: true } },
    },
  });
  const body = eventBody(d.event);
  const t0 = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  let snippet: string | null = null;
  try {
    const secret = decryptSecret(d.endpoint.secretEncrypted);
    const res = await fetch(d.endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Steward-Webhooks/1",
        "steward-event": d.event.type,
        "steward-delivery": d.id,
        "steward-signature": signatureHeader(secret, body, now),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    statusCode = res.status;
    snippet = await readSnippet(res);
    if (res.status < 200 || res.status >= 300) error = res.status >= 300 && res.status < 400 ? `Redirect to ${res.headers.get("location") ?? "?"} not followed` : `HTTP ${res.status}`;
  } catch (err) {
    error = describe(err);
  }
  const durationMs = Math.round(performance.now() - t0);
  const attempts = d.attempts + 1;
  const ok = error === null;
  const next = ok ? null : retryAt(attempts, now);
  const status = ok ? "SUCCEEDED" : next ? "PENDING" : "FAILED";
  await db.webhookDelivery.update({
    where: { id: d.id },
    data: { attempts, status, nextAttemptAt: next, lastAttemptAt: now, lastStatusCode: statusCode, lastDurationMs: durationMs, lastError: error, lastResponse: snippet },
  });
  // Endpoint and event ids only: never the URL's query (it may carry a token) or the secret.
  if (!ok) logger.warn("webhook delivery failed", { deliveryId: d.id, endpointId: d.endpoint.id, eventType: d.event.type, attempts, statusCode, error, status });
  return { deliveryId: d.id, ok, statusCode, durationMs, error, status, nextAttemptAt: next };
}

async function readSnippet(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 4096) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // Text PostgreSQL can store: no NUL, valid UTF-8 (decoder replaces the rest).
  const text = new TextDecoder("utf-8").decode(Buffer.concat(chunks)).replace(/\u0000/g, "");
  return text ? text.slice(0, SNIPPET_CHARS) : null;
}

function describe(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return `No response within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `Connection failed: ${cause.code}`;
  return (err instanceof Error ? err.message : String(err)).slice(0, 300);
}
