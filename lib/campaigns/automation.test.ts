// Campaigns that run themselves, with a controllable clock (every job function takes `now`): reminders only to
// reviewers with undecided items and never twice, escalation levels, one recurring instance per period (and per
// team), graduated no-response by risk tier at close, and re-queued items carried into the next run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeSource, makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer, fallback: Viewer, lead: Viewer, ownerA: Viewer, ownerB: Viewer, ownerC: Viewer;
let sourceId: string, teamId: string, team2Id: string;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = new Date();

const mod = async () => ({
  m: await import("./mutations"),
  rem: await import("./reminders"),
  rec: await import("./recurrence"),
  db: (await import("../db")).db,
});

async function mkIdentity(name: string, ownerId: string, riskScore: number, over: Record<string, unknown> = {}) {
  const { db } = await mod();
  const row = await db.identity.create({
    data: { sourceId, externalId: `ext-${name}`, name, kind: "SERVICE_ACCOUNT", environment: "PROD", purpose: `Runs ${name}.`, ownerId, riskScore, lastUsedAt: T0, ...over },
    select: { id: true },
  });
  await db.entitlement.create({ data: { identityId: row.id, resource: `arn:aws:s3:::${name}`, permission: "s3:GetObject", privilege: "READ", lastUsedAt: T0, grantedAt: T0 } });
  return row.id;
}

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  teamId = (await db.team.create({ data: { name: "Payments" } })).id;
  team2Id = (await db.team.create({ data: { name: "Data" } })).id;
  admin = await makeUser("ADMIN");
  fallback = await makeUser("ADMIN");
  lead = await makeUser("OWNER", { teamId });
  ownerA = await makeUser("OWNER", { teamId });
  ownerB = await makeUser("OWNER", { teamId });
  ownerC = await makeUser("OWNER", { teamId: team2Id });
  await db.team.update({ where: { id: teamId }, data: { leadId: lead.id } });
  sourceId = (await makeSource()).id;
});
afterAll(async () => t?.cleanup());

const messages = async (filter: string) => {
  const { db } = await mod();
  return db.outboxMessage.findMany({ where: { dedupKey: { contains: filter } }, orderBy: { dedupKey: "asc" } });
};

describe(`reminders and escalation (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let id: string;
  let dueAt: Date;
  let idB: string;

  beforeAll(async () => {
    const { m, db } = await mod();
    const src = (await makeSource()).id;
    const mk = async (name: string, owner: string) =>
      (await db.identity.create({ data: { sourceId: src, externalId: name, name, kind: "API_KEY", environment: "PROD", purpose: "x".repeat(12), ownerId: owner, riskScore: 10 } })).id;
    await mk("rem-a1", ownerA.id);
    await mk("rem-a2", ownerA.id);
    idB = await mk("rem-b1", ownerB.id);
    const c = await m.createCampaign(admin, {
      name: "Reminder test",
      scope: { source: [src] },
      fallbackReviewerId: fallback.id,
      dueAt: new Date(T0.getTime() + 10 * DAY),
      reminderDays: "7, 3, 1",
      escalation: { levels: [{ afterDays: 1, to: "TEAM_LEAD" }, { afterDays: 3, to: "ADMINS" }] },
    }, T0);
    id = c.id;
    await m.launchCampaign(admin, id, T0);
    dueAt = (await db.campaign.findUniqueOrThrow({ where: { id } })).dueAt;
  });

  it("sends nothing before the first offset, then one reminder per reviewer with undecided items, once", async () => {
    const { rem } = await mod();
    expect((await rem.sendCampaignReminders(new Date(T0.getTime() + DAY))).reminders).toBe(0);
    const at7 = new Date(dueAt.getTime() - 7 * DAY + HOUR);
    expect((await rem.sendCampaignReminders(at7)).reminders).toBe(2);
    expect((await rem.sendCampaignReminders(new Date(at7.getTime() + HOUR))).reminders).toBe(0);
    const sent = await messages(`campaign:${id}:remind:7:`);
    expect(sent.map((s) => s.to).sort()).toEqual([ownerA.email, ownerB.email].sort());
    const a = sent.find((s) => s.to === ownerA.email)!;
    expect(a.subject).toContain("2 review items due in 7 days");
    expect(a.link).toBe(`/reviews/${id}`);
    expect(a.body).toContain(`/reviews/${id}`);
  });

  it("skips a reviewer who has decided everything", async () => {
    const { rem, db } = await mod();
    await db.reviewItem.updateMany({ where: { campaignId: id, identityId: idB }, data: { decidedAt: new Date() } });
    const at3 = new Date(dueAt.getTime() - 3 * DAY + HOUR);
    expect((await rem.sendCampaignReminders(at3)).reminders).toBe(1);
    expect((await messages(`campaign:${id}:remind:3:`)).map((s) => s.to)).toEqual([ownerA.email]);
  });

  it("reminds an active delegate too, naming the reviewer they act for", async () => {
    const { rem, db } = await mod();
    const at1 = new Date(dueAt.getTime() - DAY + HOUR);
    // ownerC reviews for ownerA this week; an expired delegation to the lead is ignored.
    await db.delegation.create({ data: { delegatorId: ownerA.id, delegateId: ownerC.id, campaignId: id, startsAt: new Date(at1.getTime() - DAY), endsAt: new Date(at1.getTime() + 7 * DAY), createdById: ownerA.id } });
    await db.delegation.create({ data: { delegatorId: ownerA.id, delegateId: lead.id, startsAt: new Date(at1.getTime() - 9 * DAY), endsAt: new Date(at1.getTime() - DAY), createdById: ownerA.id } });
    expect((await rem.sendCampaignReminders(at1)).reminders).toBe(2);
    const sent = await messages(`campaign:${id}:remind:1:`);
    expect(sent.map((s) => s.to).sort()).toEqual([ownerA.email, ownerC.email].sort());
    expect(sent.find((s) => s.to === ownerC.email)!.subject).toContain(`you review for ${ownerA.name}`);
    expect((await rem.sendCampaignReminders(new Date(at1.getTime() + HOUR))).reminders).toBe(0);
  });

  it("escalates level 1 to the team lead after the due date, level 2 to every admin later, each once", async () => {
    const { rem } = await mod();
    expect((await rem.sendCampaignReminders(new Date(dueAt.getTime() + HOUR))).escalations).toBe(0);
    const l1 = new Date(dueAt.getTime() + DAY + HOUR);
    expect((await rem.sendCampaignReminders(l1)).escalations).toBe(1);
    const toLead = await messages(`campaign:${id}:escalate:1:`);
    expect(toLead.map((s) => s.to)).toEqual([lead.email]);
    expect(toLead[0].body).toContain(ownerA.email);
    expect(toLead[0].body).not.toContain(ownerB.email);
    expect(toLead[0].link).toBe("/reviews");
    expect((await rem.sendCampaignReminders(new Date(l1.getTime() + HOUR))).escalations).toBe(0);
    const l2 = new Date(dueAt.getTime() + 3 * DAY + HOUR);
    expect((await rem.sendCampaignReminders(l2)).escalations).toBe(2);
    const toAdmins = await messages(`campaign:${id}:escalate:2:`);
    expect(toAdmins.map((s) => s.to).sort()).toEqual([admin.email, fallback.email].sort());
    expect(toAdmins[0].link).toBe(`/campaigns/${id}`);
    // No reminders once the due date has passed.
    expect((await messages(`campaign:${id}:remind:`)).length).toBe(5);
  });
});

describe("recurring campaigns and graduated no-response", () => {
  const ids: Record<string, string> = {};
  let defId: string;

  beforeAll(async () => {
    ids.low = await mkIdentity("svc-low", ownerA.id, 10);
    ids.medium = await mkIdentity("svc-medium", ownerA.id, 30);
    ids.high = await mkIdentity("svc-high", ownerB.id, 60, { teamId });
    ids.critical = await mkIdentity("svc-critical", ownerB.id, 90, { teamId });
    ids.decided = await mkIdentity("svc-decided", ownerC.id, 95, { teamId: team2Id });
  });

  it("refuses re-queueing on a one-off campaign, and needs a run length on a recurring one", async () => {
    const { m } = await mod();
    const base = { name: "Bad", scope: { source: [sourceId] }, fallbackReviewerId: fallback.id };
    await expect(m.createCampaign(admin, { ...base, dueAt: new Date(T0.getTime() + 5 * DAY), noResponseAction: { LOW: "REQUEUE" } }, T0)).rejects.toThrow(/recurring/);
    await expect(m.createCampaign(admin, { ...base, recurrence: "MONTHLY" }, T0)).rejects.toThrow();
  });

  it("launches one instance per period, however often the job runs", async () => {
    const { m, rec, db } = await mod();
    const def = await m.createCampaign(admin, {
      name: "Monthly SA review",
      scope: { source: [sourceId], kind: ["SERVICE_ACCOUNT"] },
      fallbackReviewerId: fallback.id,
      recurrence: "MONTHLY",
      durationDays: 10,
      noResponseAction: { LOW: "REQUEUE", MEDIUM: "REQUEUE", HIGH: "DISABLE_RECOMMENDED", CRITICAL: "REVOKE", graceDays: 2 },
    }, T0);
    defId = def.id;
    // The definition itself is never launched by hand.
    await expect(m.launchCampaign(admin, defId, T0)).rejects.toThrow(/recurring/);
    const first = await rec.runRecurringCampaigns(T0);
    expect(first).toMatchObject({ created: 1, launched: 1, failed: 0 });
    expect(await rec.runRecurringCampaigns(new Date(T0.getTime() + HOUR))).toMatchObject({ created: 0, launched: 0 });
    const inst = await db.campaign.findMany({ where: { definitionId: defId } });
    expect(inst).toHaveLength(1);
    expect(inst[0]).toMatchObject({ status: "ACTIVE", itemCount: 5 });
    expect(inst[0].dueAt.getTime()).toBeGreaterThan(T0.getTime() + 10 * DAY - DAY);
    const panel = await rec.getRecurrence(admin, defId, T0);
    expect(panel?.instances).toHaveLength(1);
    expect(panel?.nextRun?.getTime()).toBeGreaterThan(T0.getTime());
  });

  it("closes after the due date plus grace and applies each tier's action", async () => {
    const { rec, db } = await mod();
    const inst = await db.campaign.findFirstOrThrow({ where: { definitionId: defId } });
    await db.reviewItem.updateMany({ where: { campaignId: inst.id, identityId: ids.decided }, data: { decidedAt: new Date(), decision: "CONFIRM" } });
    expect((await rec.closeOverdueCampaigns(new Date(inst.dueAt.getTime() + DAY))).closed).toBe(0);
    expect((await rec.closeOverdueCampaigns(new Date(inst.dueAt.getTime() + 2 * DAY + HOUR))).closed).toBe(1);
    const items = await db.reviewItem.findMany({ where: { campaignId: inst.id }, select: { identityId: true, noResponse: true, noResponseAction: true } });
    const by = Object.fromEntries(items.map((i) => [i.identityId, i.noResponseAction]));
    expect(by).toEqual({ [ids.low]: "REQUEUE", [ids.medium]: "REQUEUE", [ids.high]: "DISABLE_RECOMMENDED", [ids.critical]: "REVOKE", [ids.decided]: null });
    const tasks = await db.remediationTask.findMany({ where: { campaignId: inst.id }, select: { identityId: true, action: true } });
    expect(tasks.filter((x) => x.identityId === ids.high).map((x) => x.action)).toEqual(["DISABLE_IDENTITY"]);
    expect(tasks.filter((x) => x.identityId === ids.critical).map((x) => x.action)).toEqual(["REVOKE_ENTITLEMENT"]);
    expect(tasks.some((x) => x.identityId === ids.low || x.identityId === ids.medium || x.identityId === ids.decided)).toBe(false);
    expect((await db.campaign.findUniqueOrThrow({ where: { id: inst.id } })).status).toBe("REMEDIATION");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "campaign.close", targetId: inst.id } });
    expect(audit.actorEmail).toBe("scheduler@steward");
    expect(audit.meta).toMatchObject({ noResponseByAction: { REQUEUE: 2, DISABLE_RECOMMENDED: 1, REVOKE: 1 } });
  });

  it("records each item's tier and no-response action in the evidence pack", async () => {
    const { db } = await mod();
    const { evidencePack } = await import("./evidence");
    const { unzipText } = await import("../testing/unzip");
    const inst = await db.campaign.findFirstOrThrow({ where: { definitionId: defId } });
    const { stream } = await evidencePack(admin, inst.id);
    const chunks: Buffer[] = [];
    for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    const files = unzipText(Buffer.concat(chunks));
    const lines = files["decisions.csv"].trim().split("\n");
    expect(lines[0]).toMatch(/,risk_tier,no_response_action$/);
    expect(lines.find((l) => l.includes("svc-low"))).toMatch(/,LOW,REQUEUE$/);
    expect(lines.find((l) => l.includes("svc-high"))).toMatch(/,HIGH,DISABLE_RECOMMENDED$/);
    expect(lines.filter((l) => l.includes("svc-critical")).every((l) => l.endsWith(",CRITICAL,REVOKE"))).toBe(true);
    const json = JSON.parse(files["snapshots.json"]);
    expect(json.items.find((i: { snapshot: { identity: { name: string } } }) => i.snapshot.identity.name === "svc-medium")).toMatchObject({ riskTier: "MEDIUM", noResponseAction: "REQUEUE" });
    expect(files["summary.html"]).toContain("Undecided items by risk tier");
  });

  it("next period: a new instance that also reviews what was re-queued, even when it left the scope", async () => {
    const { rec, db } = await mod();
    // svc-low is no longer a service account: out of the scope, but re-queued by the last run.
    await db.identity.update({ where: { id: ids.low }, data: { kind: "API_KEY" } });
    const next = new Date(Date.UTC(T0.getUTCFullYear(), T0.getUTCMonth() + 1, 2));
    expect(await rec.runRecurringCampaigns(next)).toMatchObject({ created: 1, launched: 1 });
    const inst = await db.campaign.findMany({ where: { definitionId: defId }, orderBy: { createdAt: "asc" } });
    expect(inst.map((i) => i.period)).toHaveLength(2);
    expect(new Set(inst.map((i) => i.period)).size).toBe(2);
    const items = await db.reviewItem.findMany({ where: { campaignId: inst[1].id }, select: { identityId: true } });
    expect(items.map((i) => i.identityId)).toContain(ids.low);
  });

  it("per team: one instance per team in scope, once per period", async () => {
    const { m, rec, db } = await mod();
    const def = await m.createCampaign(admin, { name: "Quarterly by team", scope: { source: [sourceId] }, fallbackReviewerId: fallback.id, recurrence: "QUARTERLY", recurrencePerTeam: true, durationDays: 14 }, T0);
    await rec.runRecurringCampaigns(T0);
    await rec.runRecurringCampaigns(new Date(T0.getTime() + HOUR));
    const inst = await db.campaign.findMany({ where: { definitionId: def.id }, orderBy: { name: "asc" } });
    expect(inst.map((i) => i.instanceTeamId).sort()).toEqual([teamId, team2Id].sort());
    expect(inst.every((i) => i.status === "ACTIVE")).toBe(true);
    expect(inst.find((i) => i.instanceTeamId === team2Id)?.itemCount).toBe(1);
  });
});
