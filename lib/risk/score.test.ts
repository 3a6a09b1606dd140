import { describe, expect, it } from "vitest";
import { computeRisk, identityRollups, riskFactsFor, rotationMaxAgeDays, type RiskFacts } from "./score";

const base: RiskFacts = { kind: "SERVICE_ACCOUNT", isOrphan: false, entitlementCount: 0, unusedEntitlements: 0 };
const NOW = new Date("2026-11-23T12:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe("computeRisk", () => {
  it("scores a clean, owned, recently used NHI near zero with no reasons", () => {
    const r = computeRisk({ ...base, lastUsedDaysAgo: 1, hasPurpose: true, oldestCredentialAgeDays: 10 });
    expect(r.score).toBe(0);
    expect(r.reasons).toEqual([]);
  });

  it("keeps the score within 0..100 even when everything is wrong", () => {
    const r = computeRisk({
      ...base, isOrphan: true, canChangeInfra: true, canReadSensitive: true, canTriggerDeploy: true,
      hasAdminEntitlement: true, hasCriticalAccess: true, entitlementCount: 50, unusedEntitlements: 50,
      oldestCredentialAgeDays: 2000, hasUnvaultedCredential: true, hasExpiredCredential: true,
      hasNeverExpiringCredential: true, lastUsedDaysAgo: 900, shared: true, breakGlass: true,
      breakGlassTestedDaysAgo: null, hasPurpose: false, environment: "PROD", criticality: "CRITICAL",
    });
    expect(r.score).toBeGreaterThan(90);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(r.reasons[0]).toBe("No owner");
  });

  it("ranks an orphaned privileged NHI with an old unvaulted key above a single bad habit", () => {
    const scary = computeRisk({ ...base, isOrphan: true, canChangeInfra: true, oldestCredentialAgeDays: 900, hasUnvaultedCredential: true, entitlementCount: 4, unusedEntitlements: 4 });
    const mild = computeRisk({ ...base, hasPurpose: false });
    expect(scary.score).toBeGreaterThan(mild.score + 40);
  });

  it("lists reasons largest first and words ages for humans", () => {
    const r = computeRisk({ ...base, oldestCredentialAgeDays: 800, lastUsedDaysAgo: 120, hasPurpose: false });
    expect(r.reasons).toEqual(["Credential not rotated in 2 years", "Not used for 120 days", "No documented purpose"]);
  });

  it("is raised by production and criticality, lowered for disabled, deleted and platform-managed NHIs", () => {
    const facts: RiskFacts = { ...base, isOrphan: true, canChangeInfra: true };
    const plain = computeRisk(facts).score;
    expect(computeRisk({ ...facts, environment: "PROD", criticality: "CRITICAL" }).score).toBeGreaterThan(plain);
    expect(computeRisk({ ...facts, status: "DISABLED" }).score).toBeLessThan(plain);
    expect(computeRisk({ ...facts, status: "DELETED_AT_SOURCE" }).score).toBeLessThan(computeRisk({ ...facts, status: "DISABLED" }).score);
    // The cloud's own agents are not orphans: no "No owner" reason, and a damped score.
    const pm = computeRisk({ ...facts, platformManaged: true });
    expect(pm.reasons).not.toContain("No owner");
    expect(pm.score).toBeLessThan(plain);
  });

  it("flags AI agents without a delegating human, or acting for someone who left", () => {
    expect(computeRisk({ ...base, kind: "AI_AGENT", hasOnBehalfOf: false }).reasons).toContain("AI agent with no delegating human");
    expect(computeRisk({ ...base, kind: "AI_AGENT", hasOnBehalfOf: true, onBehalfOfInactive: true }).reasons).toContain("AI agent acts for a departed user");
    expect(computeRisk({ ...base, kind: "AI_AGENT", hasOnBehalfOf: true }).reasons).toEqual([]);
  });

  it("uses the rotation policy's window for credential age", () => {
    expect(computeRisk({ ...base, oldestCredentialAgeDays: 200, rotationMaxAgeDays: 365 }).reasons).toEqual([]);
    expect(computeRisk({ ...base, oldestCredentialAgeDays: 200, rotationMaxAgeDays: 90 }).reasons).toEqual(["Credential not rotated in 200 days"]);
  });

  it("is deterministic", () => {
    const f: RiskFacts = { ...base, isOrphan: true, entitlementCount: 3, unusedEntitlements: 2, lastUsedDaysAgo: null };
    expect(computeRisk(f)).toEqual(computeRisk({ ...f }));
  });
});

describe("rotationMaxAgeDays", () => {
  const policies = [
    { kind: "CERTIFICATE", environment: null, criticality: null, maxAgeDays: 365, priority: 10 },
    { kind: "CI_CD_TOKEN", environment: null, criticality: null, maxAgeDays: 30, priority: 20 },
    { kind: null, environment: "PROD", criticality: "CRITICAL", maxAgeDays: 30, priority: 30 },
    { kind: null, environment: null, criticality: null, maxAgeDays: 90, priority: 1000 },
  ];
  it("picks the matching policy with the lowest priority number", () => {
    expect(rotationMaxAgeDays(policies, { kind: "SERVICE_ACCOUNT", environment: "DEV", criticality: "LOW" })).toBe(90);
    expect(rotationMaxAgeDays(policies, { kind: "SERVICE_ACCOUNT", environment: "PROD", criticality: "CRITICAL" })).toBe(30);
    expect(rotationMaxAgeDays(policies, { kind: "CERTIFICATE", environment: "PROD", criticality: "CRITICAL" })).toBe(365);
    expect(rotationMaxAgeDays(policies, { kind: "CI_CD_TOKEN", environment: "DEV", criticality: "LOW" })).toBe(30);
  });
  it("defaults to 90 days without policies", () => {
    expect(rotationMaxAgeDays([], { kind: "API_KEY" })).toBe(90);
  });
});

describe("identityRollups and riskFactsFor", () => {
  const cred = (over: Partial<Parameters<typeof identityRollups>[0][number]> = {}) => ({
    status: "ACTIVE", createdAt: daysAgo(400), lastRotatedAt: null, expiresAt: null, storage: "hashicorp-vault", ephemeral: false, ...over,
  });
  const ent = (lastUsed: number | null, over: Record<string, unknown> = {}) => ({
    status: "ACTIVE", privilege: "READ", sensitivity: "NORMAL", lastUsedAt: lastUsed === null ? null : daysAgo(lastUsed), ...over,
  });

  it("counts only active entitlements and treats never-used or 90+ day old use as unused", () => {
    const r = identityRollups([], [ent(null), ent(10), ent(91), ent(5, { status: "REVOKED" })], NOW);
    expect(r).toMatchObject({ entitlementCount: 3, unusedEntitlements: 2, credentialCount: 0, oldestCredentialAt: null });
  });

  it("takes the oldest active credential by last rotation, else creation", () => {
    const r = identityRollups(
      [cred({ createdAt: daysAgo(900), lastRotatedAt: daysAgo(20) }), cred({ createdAt: daysAgo(300) }), cred({ status: "EXPIRED", createdAt: daysAgo(2000) })],
      [], NOW,
    );
    expect(r.credentialCount).toBe(3);
    expect(r.oldestCredentialAt?.toISOString()).toBe(daysAgo(300).toISOString());
  });

  it("derives facts from rows", () => {
    const facts = riskFactsFor(
      {
        kind: "AI_AGENT", status: "ACTIVE", environment: "PROD", criticality: "HIGH", ownerId: "u1", platformManaged: false,
        canChangeInfra: false, canReadSensitive: true, canTriggerDeploy: false, onBehalfOfUserId: "u2", shared: false,
        breakGlass: false, breakGlassTestedAt: null, purpose: " ", lastUsedAt: null,
      },
      [cred({ storage: "unvaulted" }), cred({ status: "EXPIRED", expiresAt: daysAgo(3) })],
      [ent(null, { privilege: "ADMIN", sensitivity: "CRITICAL" })],
      { now: NOW, rotationMaxAgeDays: 90, isUserActive: (id) => id === "u1" },
    );
    expect(facts).toMatchObject({
      isOrphan: false, ownerInactive: false, hasAdminEntitlement: true, hasCriticalAccess: true, entitlementCount: 1,
      unusedEntitlements: 1, hasUnvaultedCredential: true, hasExpiredCredential: true, hasNeverExpiringCredential: true,
      lastUsedDaysAgo: null, hasOnBehalfOf: true, onBehalfOfInactive: true, hasPurpose: false,
    });
    expect(Math.round(facts.oldestCredentialAgeDays!)).toBe(400);
  });
});
