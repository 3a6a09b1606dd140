import nodemailer from "nodemailer";
import { db } from "../db";
import { appUrl, env } from "../env";

// The job outbox.deliver: sends queued messages over SMTP when SMTP_URL is set. Without it messages stay in the
// outbox (the admin's Settings > Outbox page shows them). A message is leased before it is sent (attempts + 1,
// nextAttemptAt = now + lease), so two overlapping runs never send it twice; a failure keeps the error and retries
// later with a growing delay, up to MAX_ATTEMPTS.

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 10 * 60_000;
/** Minutes to wait after the n-th failed attempt. */
const BACKOFF_MIN = [1, 5, 15, 60, 180, 360, 720, 1440];

export const retryDelayMs = (attempts: number) => BACKOFF_MIN[Math.min(attempts, BACKOFF_MIN.length) - 1]! * 60_000;

export interface DeliverSummary {
  sent: number;
  failed: number;
  skipped?: string;
  [key: string]: unknown;
}

interface Leased {
  id: string;
  to: string;
  subject: string;
  body: string;
  link: string | null;
  attempts: number;
}

/** The text sent: the body, and the absolute link when the body does not already carry it. */
export function mailText(m: { body: string; link: string | null }, base = appUrl()): string {
  if (!m.link) return m.body;
  const url = `${base}${m.link}`;
  return m.body.includes(url) ? m.body : `${m.body}\n\nOpen in Steward: ${url}`;
}

export async function deliverOutbox({ now = new Date(), smtpUrl = env().SMTP_URL, batch = 100 }: { now?: Date; smtpUrl?: string; batch?: number } = {}): Promise<DeliverSummary> {
  if (!smtpUrl) return { sent: 0, failed: 0, skipped: "SMTP_URL is not set: messages stay in the outbox" };
  const leased = await db.$queryRaw<Leased[]>`
    UPDATE "OutboxMessage" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${new Date(now.getTime() + LEASE_MS)}
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE "sentAt" IS NULL AND "attempts" < ${MAX_ATTEMPTS} AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${now})
      ORDER BY "createdAt", "id" LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "to", "subject", "body", "link", "attempts"`;
  if (!leased.length) return { sent: 0, failed: 0 };
  const transport = nodemailer.createTransport(smtpUrl);
  const from = env().SMTP_FROM;
  const out: DeliverSummary = { sent: 0, failed: 0 };
  try {
    for (const m of leased) {
      try {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: mailText(m) });
        await db.outboxMessage.update({ where: { id: m.id }, data: { sentAt: now, lastError: null, nextAttemptAt: null } });
        out.sent++;
      } catch (err) {
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        const retry = m.attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(m.attempts)) : null;
        await db.outboxMessage.update({ where: { id: m.id }, data: { lastError: error, nextAttemptAt: retry } });
        out.failed++;
        out.lastError = error;
      }
    }
  } finally {
    transport.close();
  }
  return out;
}
