// Outbound webhooks against a real local receiver (node:http on 127.0.0.1): signature, headers, the delivery log,
// retries with backoff on a controlled clock (no sleeping), redelivery, secret storage, and the events emitted in
// the transactions of the rule engine.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let db: typeof import("../db").db;
let admin: Viewer;
let owner: Viewer;
let wh: typeof import("./mutations");
let q: typeof import("./queries");
let deliver: typeof import("./deliver");
let emit: typeof import("./emit");
let signing: typeof import("./signing");

interface Received { headers: http.IncomingHttpHeaders; body: string }
const received: Received[] = [];
let reply = { status: 200, body: "ok" };
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(reply.status, { "content-type": "text/plain" }).end(reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await setupTestDb();
  ({ db } = await import("../db"));
  const { makeUser } = await import("../testing/fixtures");
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  wh = await import("./mutations");
  q = await import("./queries");
  deliver = await import("./deliver");
  emit = await import("./emit");
  signing = await import("./signing");
});
afterAll(async () => {
  server?.close();
  await t?.cleanup();
});
beforeEach(() => {
  received.length = 0;
  reply = { status: 200, body: "ok" };
});

const newEndpoint = (events: string[] = ["campaign.launched"], path = "/hook") =>
  wh.createEndpoint(admin, { name: `receiver ${Math.random().toString(36).slice(2, 7)}`, url: `${base}${path}`, events: events as never });

describe("endpoints", () => {
  it("refuses non-http schemes, credentials in the URL, unknown events; only admins manage them", async () => {
    for (const url of ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://x", "not a url", "https://user:pw@example.com/"]) {
      await expect(wh.createEndpoint(admin, { name: "x", url, events: ["campaign.launched"] })).rejects.toThrow();
    }
    await expect(wh.createEndpoint(admin, { name: "x", url: `${base}/`, events: ["user.deleted" as never] })).rejects.toThrow();
    await expect(wh.createEndpoint(admin, { name: "x", url: `${base}/`, events: [] })).rejects.toThrow();
    await expect(wh.createEndpoint(owner, { name: "x", url: `${base}/`, events: ["campaign.launched"] })).rejects.toThrow(/permission/);
    await expect(q.listEndpoints(owner)).rejects.toThrow(/permission/);
  });

  it("shows the secret once: stored encrypted, never in a read or the audit log", async () => {
    const { endpoint, secret } = await newEndpoint();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEncrypted).not.toContain(secret.slice(6));
    expect(signing.decryptSecret(row.secretEncrypted)).toBe(secret);
    const listed = JSON.stringify(await q.listEndpoints(admin)) + JSON.stringify(await q.getEndpoint(admin, endpoint.id));
    expect(listed).not.toContain(secret.slice(6));
    expect(listed).not.toContain("secretEncrypted");
    const audit = await db.auditEvent.findMany({ where: { targetId: endpoint.id } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.create"]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after, a.meta]))).not.toContain(secret.slice(6));
  });
});

describe("delivery", () => {
  it("a test event arrives signed (t=,v1= HMAC-SHA256 of t.body) with Steward-Event and Steward-Delivery, and is logged", async () => {
    const { endpoint, secret } = await newEndpoint();
    const now = new Date();
    const r = await wh.sendTestEvent(admin, endpoint.id, now);
    expect(r).toMatchObject({ ok: true, statusCode: 200, status: "SUCCEEDED" });
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["steward-event"]).toBe("webhook.test");
    expect(got.headers["steward-delivery"]).toBe(r.deliveryId);
    const sig = String(got.headers["steward-signature"]);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signing.verifySignature(secret, got.body, sig, { now })).toBe(true);
    // A tampered body, another secret, or an old timestamp fail.
    expect(signing.verifySignature(secret, got.body.replace("Steward", "Stewart"), sig, { now })).toBe(false);
    expect(signing.verifySignature(signing.generateSigningSecret(), got.body, sig, { now })).toBe(false);
    expect(signing.verifySignature(secret, got.body, sig, { now: new Date(now.getTime() + 10 * 60_000) })).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ type: "webhook.test", data: { endpoint: { id: endpoint.id } } });
    const log = await q.listDeliveriesPage(admin, endpoint.id, { limit: 10 });
    expect(log.data[0]).toMatchObject({ id: r.deliveryId, status: "SUCCEEDED", attempts: 1, lastStatusCode: 200, lastResponse: "ok", event: { type: "webhook.test" } });
    expect(log.data[0]!.lastDurationMs).toBeGreaterThanOrEqual(0);
  });

  it("retries after 1 m, 5 m, 30 m, 2 h, 12 h, then FAILED; redeliver sends it again as a new delivery", async () => {
    await db.webhookEndpoint.updateMany({ data: { enabled: false } });
    const { endpoint } = await newEndpoint(["campaign.launched"], "/flaky");
    reply = { status: 503, body: "down for maintenance" };
    const t0 = new Date("2030-01-01T00:00:00Z");
    const queued = await db.$transaction((tx) => emit.emitEvents(tx, "campaign.launched", [{ dedupKey: `test:${endpoint.id}`, data: { campaign: { id: "c1" } } }], t0));
    expect(queued).toBe(1);
    const mine = async () => db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    let at = t0;
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      // Just before it is due nothing is sent; at the due time exactly one attempt is made.
      if (attempt > 1) {
        const before = received.length;
        await deliver.deliverDue({ now: new Date(at.getTime() - 1000) });
        expect(received.length).toBe(before);
      }
      const sent = received.length;
      await deliver.deliverDue({ now: at });
      expect(received.length, `attempt ${attempt}`).toBe(sent + 1);
      const d = await mine();
      expect(d.attempts).toBe(attempt);
      expect(d.lastStatusCode).toBe(503);
      expect(d.lastError).toBe("HTTP 503");
      expect(d.lastResponse).toBe("down for maintenance");
      if (attempt < 6) {
        expect(d.status).toBe("PENDING");
        gaps.push(d.nextAttemptAt!.getTime() - at.getTime());
        at = d.nextAttemptAt!;
      } else {
        expect(d.status).toBe("FAILED");
        expect(d.nextAttemptAt).toBeNull();
      }
    }
    expect(gaps).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]);
    // Nothing more, ever.
    await deliver.deliverDue({ now: new Date(at.getTime() + 7 * 86_400_000) });
    expect(received.filter((r) => r.headers["steward-event"] === "campaign.launched")).toHaveLength(6);
    // The same event id every time (receivers dedupe on it), a new delivery id per delivery.
    expect(new Set(received.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);

    reply = { status: 204, body: "" };
    const old = await mine();
    const again = await wh.redeliver(admin, { endpointId: endpoint.id, deliveryId: old.id }, new Date(at.getTime() + 8 * 86_400_000));
    expect(again).toMatchObject({ ok: true, statusCode: 204, status: "SUCCEEDED" });
    expect(again.deliveryId).not.toBe(old.id);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: old.id } })).status).toBe("FAILED");
    const page1 = await q.listDeliveriesPage(admin, endpoint.id, { limit: 1 });
    expect(page1.data[0]!.id).toBe(again.deliveryId);
    const page2 = await q.listDeliveriesPage(admin, endpoint.id, { limit: 1, cursor: page1.nextCursor! });
    expect(page2.data[0]!.id).toBe(old.id);
    expect(page2.nextCursor).toBeNull();
  });

  it("records a refused connection; disabled endpoints get nothing and refuse tests (409)", async () => {
    const { endpoint } = await wh.createEndpoint(admin, { name: "closed port", url: "http://127.0.0.1:1/x", events: ["campaign.launched"] });
    const r = await wh.sendTestEvent(admin, endpoint.id);
    expect(r).toMatchObject({ ok: false, statusCode: null, status: "PENDING" });
    expect(r.error).toMatch(/ECONNREFUSED|Connection failed|fetch failed/);
    await wh.updateEndpoint(admin, endpoint.id, { enabled: false });
    await expect(wh.sendTestEvent(admin, endpoint.id)).rejects.toBeInstanceOf((await import("../errors")).ConflictError);
    const due = await deliver.deliverDue({ now: new Date(Date.now() + 3_600_000) });
    const after = await db.webhookDelivery.findUniqueOrThrow({ where: { id: r.deliveryId } });
    expect(after.attempts).toBe(1);
    expect(due.attempted).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { targetId: endpoint.id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.create", "webhook.test", "webhook.update"]);
  });

  it("an event with no subscribed endpoint writes nothing; a dedupKey is emitted once", async () => {
    const before = await db.webhookEvent.count();
    expect(await db.$transaction((tx) => emit.emitEvents(tx, "exception.expiring", [{ dedupKey: "x:1", data: {} }], new Date()))).toBe(0);
    expect(await db.webhookEvent.count()).toBe(before);
    await newEndpoint(["exception.expiring"]);
    expect(await db.$transaction((tx) => emit.emitEvents(tx, "exception.expiring", [{ dedupKey: "x:1", data: {} }], new Date()))).toBe(1);
    expect(await db.$transaction((tx) => emit.emitEvents(tx, "exception.expiring", [{ dedupKey: "x:1", data: {} }], new Date()))).toBe(0);
  });
});

describe("events from the product", () => {
  it("a rule run that opens a CRITICAL finding emits finding.critical.created once", async () => {
    const { endpoint, secret } = await newEndpoint(["finding.critical.created"], "/critical");
    const { makeRuleWorld, makeCleanNhi, addCredential, addEntitlement, ago } = await import("../testing/rule-fixtures");
    const { runRules } = await import("../rules/engine");
    const w = await makeRuleWorld();
    const nhi = await makeCleanNhi(w, { canChangeInfra: true });
    await addCredential(nhi.id, { createdAt: ago(200), expiresAt: null });
    await addEntitlement(nhi.id, { sensitivity: "CRITICAL", privilege: "ADMIN", resource: "arn:aws:rds:prod-payments" });
    const now = new Date();
    await runRules({ ruleIds: ["privileged-critical-long-lived-secret"], now });
    await runRules({ ruleIds: ["privileged-critical-long-lived-secret"], now: new Date(now.getTime() + 60_000) });
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, include: { event: true } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.event.data).toMatchObject({ finding: { ruleId: "privileged-critical-long-lived-secret", severity: "CRITICAL" }, identity: { id: nhi.id } });
    await deliver.deliverDue({ now: new Date(now.getTime() + 120_000) });
    const got = received.find((r) => r.headers["steward-event"] === "finding.critical.created")!;
    expect(signing.verifySignature(secret, got.body, String(got.headers["steward-signature"]), { now: new Date(now.getTime() + 120_000) })).toBe(true);
  });
});
