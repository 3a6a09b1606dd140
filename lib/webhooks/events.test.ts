// The product's changes emit their webhook events in the same transaction: campaign launched and closed, one
// remediation task created per task, and the 14-day warning of an approved exception (once, however often the
// expiry job runs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let db: typeof import("../db").db;
let admin: Viewer;
let owner: Viewer;
let endpointId: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await setupTestDb();
  ({ db } = await import("../db"));
  const { makeUser } = await import("../testing/fixtures");
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  const { createEndpoint } = await import("./mutations");
  // Never delivered here: the events and deliveries queued are what is checked.
  endpointId = (await createEndpoint(admin, { name: "all", url: "http://127.0.0.1:9/x", events: ["campaign.launched", "campaign.closed", "remediation.task.created", "exception.expiring"] })).endpoint.id;
});
afterAll(async () => {
  await t?.cleanup();
});

const eventsOf = (type: string) => db.webhookEvent.findMany({ where: { type }, include: { deliveries: { select: { endpointId: true, status: true } } } });

describe("events from the product", () => {
  it("a campaign's launch and close emit campaign.launched, campaign.closed and one remediation.task.created per task", async () => {
    const { makeSource } = await import("../testing/fixtures");
    const m = await import("../campaigns/mutations");
    const sourceId = (await makeSource()).id;
    const nhi = await db.identity.create({
      data: { sourceId, externalId: "ext-hook", name: "hook-svc", kind: "SERVICE_ACCOUNT", environment: "PROD", ownerId: owner.id, purpose: "Sends invoices to the payment processor." },
    });
    await db.entitlement.create({ data: { identityId: nhi.id, resource: "arn:aws:s3:::invoices", permission: "s3:PutObject", privilege: "WRITE", lastUsedAt: null, grantedAt: new Date(Date.now() - 400 * DAY) } });
    const c = await m.createCampaign(admin, { name: "Webhook campaign", scope: { source: [sourceId] }, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 10 * DAY), noResponseOutcome: "REVOKE_ALL" });
    await m.launchCampaign(admin, c.id);
    const launched = await eventsOf("campaign.launched");
    expect(launched).toHaveLength(1);
    expect(launched[0]!.data).toMatchObject({ campaign: { id: c.id, name: "Webhook campaign", status: "ACTIVE", items: 1 } });
    expect(launched[0]!.deliveries).toEqual([{ endpointId, status: "PENDING" }]);

    const closed = await m.closeCampaign(admin, c.id);
    expect(closed.remediationTasks).toBe(1);
    const closedEvents = await eventsOf("campaign.closed");
    expect(closedEvents).toHaveLength(1);
    expect(closedEvents[0]!.data).toMatchObject({ campaign: { id: c.id, remediationTasks: 1 } });
    const tasks = await eventsOf("remediation.task.created");
    const task = await db.remediationTask.findFirstOrThrow({ where: { campaignId: c.id } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.data).toMatchObject({ task: { id: task.id, action: "REVOKE_ENTITLEMENT", assigneeId: owner.id, assigneeEmail: owner.email }, identity: { id: nhi.id, name: "hook-svc" } });
  });

  it("an approved exception entering its 14-day window emits exception.expiring once", async () => {
    const { makeSource } = await import("../testing/fixtures");
    const { expireExceptions } = await import("../exceptions/expiry");
    const sourceId = (await makeSource()).id;
    const nhi = await db.identity.create({ data: { sourceId, externalId: "ext-exc", name: "exc-svc", kind: "API_KEY", ownerId: owner.id } });
    const exc = await db.riskException.create({
      data: { identityId: nhi.id, scope: "RULE", ruleId: "purpose-unconfirmed", severity: "LOW", requestedById: owner.id, approvedById: admin.id, status: "APPROVED", justification: "Accepted for the migration window.", expiresAt: new Date(Date.now() + 10 * DAY) },
    });
    await expireExceptions(new Date());
    await expireExceptions(new Date(Date.now() + 60_000));
    const events = await eventsOf("exception.expiring");
    expect(events).toHaveLength(1);
    expect(events[0]!.dedupKey).toBe(`exception:${exc.id}:expiring:14`);
    expect(events[0]!.data).toMatchObject({ exception: { id: exc.id, daysLeft: 14, status: "APPROVED" }, identity: { id: nhi.id, name: "exc-svc" } });
    expect(events[0]!.deliveries).toHaveLength(1);
  });
});
