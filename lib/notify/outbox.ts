// The outbox: every notification Steward sends is first a row of OutboxMessage, written in the same transaction as
// the change it reports. Delivery (SMTP_URL, or the outbox page when there is none) reads the rows later.
import { db, type Tx } from "../db";

export interface OutboxInput {
  /** E-mail address. */
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
  /** Path in the app the message is about (e.g. /exceptions/abc). */
  link?: string | null;
  /**
   * Same key = same message: enqueueing it again does nothing, so jobs that re-run (expiry warnings) never send
   * twice. Build it from what makes the message unique, e.g. `exception:<id>:expires-in:14:<userId>`.
   */
  dedupKey?: string | null;
}

/** Enqueues messages in one INSERT, skipping those whose dedupKey is already there. Returns how many were added. */
export async function enqueueMessages(client: Tx | typeof db, messages: readonly OutboxInput[]): Promise<number> {
  if (!messages.length) return 0;
  const { count } = await client.outboxMessage.createMany({
    data: messages.map((m) => ({ to: m.to, subject: m.subject, body: m.body, link: m.link ?? null, dedupKey: m.dedupKey ?? null })),
    skipDuplicates: true,
  });
  return count;
}

/** Enqueues one message; false when a message with the same dedupKey already exists. */
export async function enqueueMessage(client: Tx | typeof db, message: OutboxInput): Promise<boolean> {
  return (await enqueueMessages(client, [message])) === 1;
}
