// The snapshot's figures against a small estate counted by hand. Runs on PGlite, or PostgreSQL with DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { addCredential, addEntitlement, ago, ahead, makeCleanNhi, makeRuleTeam, makeRuleUser, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";

let testDb: TestDb;
let db: typeof import("../db").db;
let writeDailySnapshot: typeof import("./snapshot").writeDailySnapshot;

const NOW = new Date();
const DAY = NOW.toISOString().slice(0, 10);

interface Ids {
  world: RuleWorld;
  teamA: string;
  sourceDev: string;
  n1: string;
  n2: string;
}
let ids: Ids;

async function build(): Promise<Ids> {
  const world = await makeRuleWorld();
  const teamA = (await makeRuleTeam()).id;
  await makeRuleUser(true, teamA);
  await makeRuleUser(true, teamA);
  await makeRuleUser(false, teamA); // departed: not a human any more
  const dev = await db.source.create({ data: { key: `gcp:dev-${Date.now()}`, platform: "gcp", name: "dev", environment: "DEV" } });
  await db.rotationPolicy.createMany({
    data: [
      { name: "certs", kind: "CERTIFICATE", maxAgeDays: 365, priority: 10 },
      { name: "default", maxAgeDays: 90, priority: 1000 },
    ],
  });

  // Team A, PROD. n1: owned, privileged, two keys (one young and vaulted, one 120 days unvaulted never expiring),
  // a used read grant, an unused standing admin grant, a used time-bound write grant.
  const n1 = (await makeCleanNhi(world, { teamId: teamA, canChangeInfra: true })).id;
  await addCredential(n1, { createdAt: ago(10) });
  await addCredential(n1, { createdAt: ago(120), storage: "unvaulted", expiresAt: null });
  await addEntitlement(n1);
  await addEntitlement(n1, { privilege: "ADMIN", lastUsedAt: ago(200), grantedAt: ago(300) });
  await addEntitlement(n1, { privilege: "WRITE", expiresAt: ahead(5) });
  await addEntitlement(n1, { status: "REVOKED", lastUsedAt: null });
  // n2: orphan API key; an ephemeral token and a revoked key (neither counted); a grant from last week, never used yet.
  const n2 = (await makeCleanNhi(world, { teamId: teamA, kind: "API_KEY", ownerId: null, backupOwnerId: null })).id;
  await addCredential(n2, { ephemeral: true, type: "TOKEN", createdAt: ago(400) });
  await addCredential(n2, { status: "REVOKED", createdAt: ago(400) });
  await addEntitlement(n2, { lastUsedAt: null, grantedAt: ago(7) });
  // n3: deleted at its source: counted nowhere. n4: the cloud provider's own agent: neither owned nor orphan.
  const n3 = (await makeCleanNhi(world, { teamId: teamA, status: "DELETED_AT_SOURCE", ownerId: null })).id;
  await addCredential(n3, { storage: "unvaulted" });
  await makeCleanNhi(world, { teamId: teamA, platformManaged: true, ownerId: null, backupOwnerId: null });
  await db.identity.update({ where: { id: n1 }, data: { riskScore: 80 } });
  await db.identity.update({ where: { id: n2 }, data: { riskScore: 20 } });

  // No team, DEV source: a certificate 200 days old (certificate policy 365: compliant), storage unknown.
  const n5 = (await makeCleanNhi({ ...world, sourceId: dev.id }, { kind: "CERTIFICATE", environment: "DEV" })).id;
  await addCredential(n5, { type: "CERTIFICATE", createdAt: ago(200), storage: "unknown" });

  // Findings: two open on n1, one resolved on n2.
  const f = (identityId: string, ruleId: string, owaspId: string, severity: "CRITICAL" | "HIGH", status: "OPEN" | "RESOLVED" = "OPEN") =>
    db.finding.create({ data: { identityId, ruleId, owaspId, severity, status }, select: { id: true } });
  await f(n1, "unused-entitlements", "NHI5", "HIGH");
  await f(n1, "credential-rotation-overdue", "NHI7", "CRITICAL");
  const n2Finding = await f(n2, "orphaned-nhi", "NHI1", "HIGH", "RESOLVED");

  // Exceptions: approved on n1 expiring in 10 days; approved on n2's finding in 60 days; proposed and lapsed ones don't count.
  const exc = (over: { identityId?: string; findingId?: string; status: "APPROVED" | "PROPOSED"; expiresAt: Date }) =>
    db.riskException.create({ data: { justification: "test", requestedById: world.ownerId, ...over } });
  await exc({ identityId: n1, status: "APPROVED", expiresAt: ahead(10) });
  await exc({ findingId: n2Finding.id, status: "APPROVED", expiresAt: ahead(60) });
  await exc({ identityId: n1, status: "PROPOSED", expiresAt: ahead(60) });
  await exc({ identityId: n1, status: "APPROVED", expiresAt: ago(1) });

  // Campaigns: an active one (n1 decided, n2 open) and a draft one (ignored).
  const camp = (status: "ACTIVE" | "DRAFT") => db.campaign.create({ data: { name: `c-${status}`, dueAt: ahead(14), status, createdById: world.ownerId } });
  const active = await camp("ACTIVE");
  const draft = await camp("DRAFT");
  await db.reviewItem.createMany({
    data: [
      { campaignId: active.id, identityId: n1, decidedAt: ago(1), decision: "CONFIRM" },
      { campaignId: active.id, identityId: n2 },
      { campaignId: draft.id, identityId: n5 },
    ],
  });
  return { world, teamA, sourceDev: dev.id, n1, n2 };
}

beforeAll(async () => {
  testDb = await setupTestDb();
  ({ db } = await import("../db"));
  ({ writeDailySnapshot } = await import("./snapshot"));
  ids = await build();
});

afterAll(async () => {
  await testDb?.cleanup();
});

async function rowsOfDay() {
  return db.postureSnapshot.findMany({ where: { day: new Date(`${DAY}T00:00:00Z`) }, orderBy: [{ teamId: "asc" }, { sourceId: "asc" }] });
}

describe("writeDailySnapshot", () => {
  it("counts a hand-built estate per team x source x environment", async () => {
    const summary = await writeDailySnapshot({ now: NOW });
    expect(summary).toMatchObject({ day: DAY, identities: 4 });
    const rows = await rowsOfDay();
    const teamAProd = rows.find((r) => r.teamId === ids.teamA && r.sourceId === ids.world.sourceId)!;
    expect(teamAProd).toMatchObject({
      environment: "PROD",
      identities: 3,
      identitiesByKind: { SERVICE_ACCOUNT: 2, API_KEY: 1 },
      privileged: 1,
      orphans: 1,
      owned: 1,
      overPrivileged: 1,
      entitlementsGranted: 4,
      entitlementsUsed: 3,
      privilegedStanding: 1,
      privilegedTimeBound: 1,
      credentials: 2,
      credAgeUnder30: 1,
      credAge30To90: 0,
      credAge90To365: 1,
      credAgeOver365: 0,
      credNeverExpire: 1,
      credentialsCompliant: 1,
      credentialsVaulted: 1,
      findingsOpen: { NHI5: 1, NHI7: 1 },
      findingsCritical: 1,
      findingsHigh: 1,
      findingsMedium: 0,
      riskScoreSum: 100,
      highRisk: 1,
      exceptionsActive: 2,
      exceptionsExpiring: 1,
      campaignItems: 2,
      campaignItemsDecided: 1,
      humans: 0,
    });
    const noTeamDev = rows.find((r) => r.teamId === "" && r.sourceId === ids.sourceDev)!;
    expect(noTeamDev).toMatchObject({
      environment: "DEV",
      identities: 1,
      identitiesByKind: { CERTIFICATE: 1 },
      owned: 1,
      orphans: 0,
      credentials: 1,
      credAge90To365: 1,
      credentialsCompliant: 1,
      credentialsVaulted: 0,
      credNeverExpire: 0,
      findingsOpen: {},
      campaignItems: 0,
    });
    // Team total rows: the sums of each team's NHI rows, and its active people (the world's owner and backup have
    // no team; team A has two active members).
    const totals = rows.filter((r) => r.sourceId === "");
    expect(totals.map((r) => [r.teamId, r.humans, r.identities]).sort()).toEqual([["", 2, 1], [ids.teamA, 2, 3]].sort());
    const teamATotal = totals.find((r) => r.teamId === ids.teamA)!;
    const { id: _a, sourceId: _b, environment: _c, humans: _d, createdAt: _e, ...nhiFigures } = teamAProd;
    expect(teamATotal).toMatchObject({ ...nhiFigures, environment: "" });
    expect(rows).toHaveLength(4);
  });

  it("is idempotent per day: a second run replaces the day's rows", async () => {
    const before = await rowsOfDay();
    await db.identity.update({ where: { id: ids.n2 }, data: { ownerId: ids.world.ownerId } });
    await writeDailySnapshot({ now: new Date(NOW.getTime() + 1000) });
    const after = await rowsOfDay();
    expect(after).toHaveLength(before.length);
    const teamAProd = after.find((r) => r.teamId === ids.teamA && r.sourceId === ids.world.sourceId)!;
    expect(teamAProd).toMatchObject({ orphans: 0, owned: 2 });
    expect(await db.postureSnapshot.count()).toBe(before.length);
  });
});

describe("backfillPostureHistory (demo)", () => {
  it("derives earlier days from today's rows, worse in the past and internally consistent", async () => {
    const { backfillPostureHistory } = await import("./backfill");
    const today = await rowsOfDay();
    const summary = await backfillPostureHistory({ days: 30, now: NOW });
    expect(summary.rows).toBe(30 * today.length);
    const all = await db.postureSnapshot.findMany();
    expect(all).toHaveLength(31 * today.length);
    for (const r of all) {
      expect(r.owned + r.orphans).toBeLessThanOrEqual(r.identities);
      expect(r.entitlementsUsed).toBeLessThanOrEqual(r.entitlementsGranted);
      expect(r.credAgeUnder30 + r.credAge30To90 + r.credAge90To365 + r.credAgeOver365).toBe(r.credentials);
      expect(r.credentialsCompliant).toBeLessThanOrEqual(r.credentials);
      expect(r.credentialsVaulted).toBeLessThanOrEqual(r.credentials);
      expect(Math.min(r.owned, r.orphans, r.credAge90To365, r.credAgeOver365, r.entitlementsUsed)).toBeGreaterThanOrEqual(0);
    }
    // Today's rows are the real snapshot (rewritten from the same estate: the same figures).
    const figures = (rows: typeof all) => rows.map(({ id: _id, createdAt: _at, ...f }) => f);
    expect(figures(await rowsOfDay())).toEqual(figures(today));
    // History keeps the two kinds of row apart: each day's team totals are the sums of its NHI rows.
    for (const [, dayRows] of Object.entries(Object.fromEntries(all.map((r) => [r.day.toISOString(), all.filter((x) => x.day.getTime() === r.day.getTime())])))) {
      const nhi = dayRows.filter((r) => r.sourceId !== "");
      const tot = dayRows.filter((r) => r.sourceId === "");
      const sum = (rs: typeof all, k: "identities" | "credentialsCompliant" | "orphans") => rs.reduce((n, r) => n + r[k], 0);
      for (const k of ["identities", "credentialsCompliant", "orphans"] as const) expect(sum(tot, k)).toBe(sum(nhi, k));
    }
    // A month ago the team-A estate had more findings than today.
    const old = all.filter((r) => r.day.toISOString().slice(0, 10) === new Date(NOW.getTime() - 30 * 86_400_000).toISOString().slice(0, 10));
    const sum = (rows: typeof all, k: "findingsCritical" | "humans") => rows.filter((r) => k === "humans" || r.sourceId !== "").reduce((n, r) => n + r[k], 0);
    expect(sum(old, "findingsCritical")).toBeGreaterThanOrEqual(sum(today, "findingsCritical"));
    expect(sum(old, "humans")).toBeGreaterThan(0);
  });
});
