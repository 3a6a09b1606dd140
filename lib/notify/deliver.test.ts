// Outbox delivery over SMTP to a local fake server (smtp-server on 127.0.0.1): messages are sent once and marked
// sent; a server that refuses leaves them queued with the error, retried after the backoff; without SMTP_URL
// nothing is sent.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { setupTestDb, type TestDb } from "../testing/test-db";

let t: TestDb;
let server: SMTPServer;
let url: string;
let refuse = false;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  t = await setupTestDb();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, cb) {
      if (refuse) return cb(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString()));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await t?.cleanup();
});

describe("outbox delivery", () => {
  it("keeps messages in the outbox when SMTP_URL is not set", async () => {
    const { db } = await import("../db");
    const { enqueueMessage } = await import("./outbox");
    const { deliverOutbox } = await import("./deliver");
    await enqueueMessage(db, { to: "kept@test.local", subject: "Kept", body: "Body", link: "/reviews/x", dedupKey: "t:kept" });
    expect(await deliverOutbox({ smtpUrl: undefined })).toMatchObject({ sent: 0, skipped: expect.stringContaining("SMTP_URL") });
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { dedupKey: "t:kept" } })).toMatchObject({ sentAt: null, attempts: 0 });
    await db.outboxMessage.delete({ where: { dedupKey: "t:kept" } });
  });

  it("sends each queued message once with an absolute link, and marks it sent", async () => {
    const { db } = await import("../db");
    const { enqueueMessages } = await import("./outbox");
    const { deliverOutbox } = await import("./deliver");
    await enqueueMessages(db, [
      { to: "a@test.local", subject: "Review due", body: "You have items.", link: "/reviews/c1", dedupKey: "t:a" },
      { to: "b@test.local", subject: "Review due", body: "You have items.", link: null, dedupKey: "t:b" },
    ]);
    const now = new Date("2026-11-23T10:00:00Z");
    expect(await deliverOutbox({ now, smtpUrl: url })).toMatchObject({ sent: 2, failed: 0 });
    expect(received.map((r) => r.to[0]).sort()).toEqual(["a@test.local", "b@test.local"]);
    expect(received.find((r) => r.to[0] === "a@test.local")!.raw).toMatch(/Open in Steward: https?:\/\/[^\s]+\/reviews\/c1/);
    const rows = await db.outboxMessage.findMany({ where: { dedupKey: { in: ["t:a", "t:b"] } } });
    expect(rows.every((r) => r.sentAt?.getTime() === now.getTime() && r.attempts === 1 && r.lastError === null)).toBe(true);
    // Nothing left to send.
    expect(await deliverOutbox({ now: new Date(now.getTime() + 60_000), smtpUrl: url })).toMatchObject({ sent: 0 });
    expect(received).toHaveLength(2);
  });

  it("records a refusal, waits for the backoff, then retries and sends", async () => {
    const { db } = await import("../db");
    const { enqueueMessage } = await import("./outbox");
    const { deliverOutbox, retryDelayMs } = await import("./deliver");
    await enqueueMessage(db, { to: "c@test.local", subject: "Escalation", body: "Overdue.", dedupKey: "t:c" });
    const now = new Date("2026-11-23T11:00:00Z");
    refuse = true;
    expect(await deliverOutbox({ now, smtpUrl: url })).toMatchObject({ sent: 0, failed: 1 });
    let row = await db.outboxMessage.findUniqueOrThrow({ where: { dedupKey: "t:c" } });
    expect(row).toMatchObject({ sentAt: null, attempts: 1 });
    expect(row.lastError).toMatch(/Mailbox unavailable/);
    expect(row.nextAttemptAt?.getTime()).toBe(now.getTime() + retryDelayMs(1));
    refuse = false;
    // Before the backoff has passed: not retried.
    expect(await deliverOutbox({ now: new Date(now.getTime() + 30_000), smtpUrl: url })).toMatchObject({ sent: 0, failed: 0 });
    expect(await deliverOutbox({ now: new Date(now.getTime() + retryDelayMs(1)), smtpUrl: url })).toMatchObject({ sent: 1 });
    row = await db.outboxMessage.findUniqueOrThrow({ where: { dedupKey: "t:c" } });
    expect(row).toMatchObject({ attempts: 2, lastError: null });
    expect(row.sentAt).not.toBeNull();
    expect(received.filter((r) => r.to[0] === "c@test.local")).toHaveLength(1);
  });
});
