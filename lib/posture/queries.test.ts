// The dashboard's reads: filters, role checks and the owner's live figures. PGlite, or PostgreSQL with DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { addCredential, addEntitlement, ago, makeCleanNhi, makeRuleTeam, makeRuleWorld } from "../testing/rule-fixtures";
import { makeUser } from "../testing/fixtures";
import type { Viewer } from "../auth/permissions";

let testDb: TestDb;
let q: typeof import("./queries");
let ForbiddenError: typeof import("../errors").ForbiddenError;
let ciso: Viewer;
let owner: Viewer;
let teamA: string;
let otherSource: string;

beforeAll(async () => {
  testDb = await setupTestDb();
  const { db } = await import("../db");
  q = await import("./queries");
  ({ ForbiddenError } = await import("../errors"));
  const w = await makeRuleWorld();
  teamA = (await makeRuleTeam()).id;
  ciso = await makeUser("SECURITY_VIEWER", { teamId: teamA });
  owner = await makeUser("OWNER");
  const other = await db.source.create({ data: { key: `gcp:q-${Date.now()}`, platform: "gcp", name: "q", environment: "DEV" } });
  otherSource = other.id;
  // Team A: 3 NHIs in the world's source, one owned by `owner` with an old key; 2 NHIs without team elsewhere.
  const mine = (await makeCleanNhi(w, { teamId: teamA, ownerId: owner.id })).id;
  await addCredential(mine, { createdAt: ago(400) });
  await addEntitlement(mine, { lastUsedAt: ago(200) });
  await makeCleanNhi(w, { teamId: teamA });
  await makeCleanNhi(w, { teamId: teamA, ownerId: null });
  await makeCleanNhi({ ...w, sourceId: other.id });
  await makeCleanNhi({ ...w, sourceId: other.id }, { backupOwnerId: owner.id });
  const { backfillPostureHistory } = await import("./backfill");
  await backfillPostureHistory({ days: 40 });
});

afterAll(async () => {
  await testDb?.cleanup();
});

const kpi = (d: { kpis?: ReadonlyArray<{ key: string; value: number | null }> }, key: string) => d.kpis?.find((k) => k.key === key)?.value;

describe("getPostureDashboard", () => {
  it("reads the snapshots for the range and filters", async () => {
    const all = await q.getPostureDashboard(ciso, { range: 30 });
    expect(all.asOf).toBe(new Date().toISOString().slice(0, 10));
    if (!all.asOf) throw new Error("no snapshot");
    expect(all.series).toHaveLength(30);
    expect(kpi(all, "identities")).toBe(5);
    expect(all.kpis.find((k) => k.key === "identities")?.previous).not.toBeNull();
    // Humans: the world's owner and backup, the CISO, the owner (all active).
    expect(all.current.humans).toBe(4);

    const team = await q.getPostureDashboard(ciso, { range: 30, team: teamA });
    expect(kpi(team, "identities")).toBe(3);
    expect(kpi(team, "ownershipCoverage")).toBeCloseTo(2 / 3);
    expect(team.current!.humans).toBe(1);

    const source = await q.getPostureDashboard(ciso, { range: 90, source: otherSource });
    expect(kpi(source, "identities")).toBe(2);
    expect(source.series).toHaveLength(41);
    expect(source.riskCells!.map((c) => c.sourceId)).toEqual([otherSource]);
    expect(source.topRisky.every((r) => r.source.id === otherSource)).toBe(true);
  });

  it("is refused to owners, in the data layer", async () => {
    await expect(q.getPostureDashboard(owner, { range: 90 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(q.getDriftMetrics(owner, { range: 90 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("serves the metrics API series", async () => {
    const drift = await q.getDriftMetrics(ciso, { range: 30 });
    expect(drift.series).toHaveLength(30);
    expect(drift.series.every((d) => d.used <= d.granted && d.unused === d.granted - d.used)).toBe(true);
    const rotation = await q.getRotationMetrics(ciso, { range: 30, team: teamA });
    expect(rotation.byTeam.every((r) => r.teamId === teamA)).toBe(true);
    expect(rotation.ageHistogram.find((b) => b.key === "credAgeOver365")?.count).toBe(1);
  });
});

describe("getOwnerPosture", () => {
  it("counts only the NHIs the owner owns or backs up, live", async () => {
    const o = await q.getOwnerPosture(owner);
    expect(o.current.identities).toBe(2);
    expect(o.current.credentials).toBe(1);
    expect(o.current.credAgeOver365).toBe(1);
    expect(o.current.overPrivileged).toBe(1);
    expect(o.topRisky).toHaveLength(2);
    expect(kpi(o, "rotationCompliance")).toBe(0);
  });
});
