// The one risk score (lib/rules/risk.ts): each term on the smallest estate that shows it, hand-computed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { addCredential, ago, makeCleanNhi, makeRuleWorld, type RuleWorld } from "../testing/rule-fixtures";

let t: TestDb;
let w: RuleWorld;
const mod = async () => ({ db: (await import("../db")).db, risk: await import("./risk") });

/** Puts OPEN findings on an NHI directly (the score reads findings, whatever made them) and rescoring. */
async function scoreWith(identityId: string, findings: Array<{ ruleId: string; severity: "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFO"; summary: string; ageDays?: number; subjectKey?: string }>) {
  const { db, risk } = await mod();
  await db.finding.deleteMany({ where: { identityId } });
  await db.finding.createMany({
    data: findings.map((f) => ({
      identityId, ruleId: f.ruleId, owaspId: "NHI7", severity: f.severity, subjectKey: f.subjectKey ?? "",
      evidence: { summary: f.summary, ...(f.ageDays === undefined ? {} : { ageDays: f.ageDays }) },
    })),
  });
  await db.$transaction((tx) => risk.recomputeRiskScores(tx));
  const row = await db.identity.findUniqueOrThrow({ where: { id: identityId }, select: { riskScore: true, riskReasons: true } });
  return { score: row.riskScore, reasons: (row.riskReasons as unknown[]).map(risk.formatRiskReason) };
}

beforeAll(async () => {
  t = await setupTestDb();
  w = await makeRuleWorld();
});
afterAll(async () => t?.cleanup());

describe(`risk score (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("is 0 with no reasons when nothing is open, whatever the context", async () => {
    const nhi = await makeCleanNhi(w, { criticality: "CRITICAL", canChangeInfra: true });
    expect(await scoreWith(nhi.id, [])).toEqual({ score: 0, reasons: [] });
  });

  it("adds each rule's severity once, plus age points, then multiplies by the context", async () => {
    // Staging, medium criticality, not privileged, no credential: factors are all 1.
    const nhi = await makeCleanNhi(w, { environment: "STAGING" });
    const r = await scoreWith(nhi.id, [
      { ruleId: "a-rule", severity: "MEDIUM", summary: "Key 400 days old", ageDays: 400, subjectKey: "k1" },
      { ruleId: "a-rule", severity: "MEDIUM", summary: "Key 100 days old", ageDays: 100, subjectKey: "k2" },
      { ruleId: "b-rule", severity: "LOW", summary: "No purpose" },
    ]);
    // a-rule: 12 + 5 (oldest finding past a year) once for both keys; b-rule: 5. 100 x (1 - e^(-22/80)) = 24.0
    expect(r).toEqual({ score: 24, reasons: ["+17 Key 400 days old (+1 more)", "+5 No purpose"] });
  });

  it("explains each factor: privilege, production, criticality, exposure", async () => {
    const nhi = await makeCleanNhi(w, { environment: "PROD", criticality: "CRITICAL", canChangeInfra: true });
    await addCredential(nhi.id, { createdAt: ago(10) });
    const r = await scoreWith(nhi.id, [{ ruleId: "c-rule", severity: "HIGH", summary: "Admin on prod" }]);
    // 25 x 1.2 x 1.15 x 1.25 x 1.1 = 47.4 weighted points; 100 x (1 - e^(-47.4/80)) = 44.7
    expect(r.score).toBe(45);
    expect(r.reasons).toEqual([
      "+25 Admin on prod", "×1.2 privileged NHI", "×1.15 production", "×1.25 critical-criticality system", "×1.1 holds a long-lived secret",
    ]);
  });

  it("damps what cannot be used as is, and keeps an order at the top instead of a wall at 100", async () => {
    const { risk } = await mod();
    const disabled = await makeCleanNhi(w, { environment: "STAGING", status: "DISABLED" });
    // 40 x 0.6 = 24; 100 x (1 - e^(-0.3)) = 25.9
    expect((await scoreWith(disabled.id, [{ ruleId: "d-rule", severity: "CRITICAL", summary: "Never expires" }])).score).toBe(26);
    const bad = await makeCleanNhi(w, { environment: "STAGING" });
    const worse = await makeCleanNhi(w, { environment: "STAGING" });
    const crit = (n: number) => Array.from({ length: n }, (_, i) => ({ ruleId: `r${i}`, severity: "CRITICAL" as const, summary: `r${i}` }));
    const four = (await scoreWith(bad.id, crit(4))).score;
    const six = (await scoreWith(worse.id, crit(6))).score;
    expect([four, six]).toEqual([risk.scoreOf(160), risk.scoreOf(240)]);
    expect(four).toBeLessThan(six);
    expect(six).toBeLessThan(100);
  });

  it("ignores excepted and resolved findings", async () => {
    const { db, risk } = await mod();
    const nhi = await makeCleanNhi(w, { environment: "STAGING" });
    await scoreWith(nhi.id, [{ ruleId: "i-rule", severity: "HIGH", summary: "x" }]);
    await db.finding.updateMany({ where: { identityId: nhi.id }, data: { status: "EXCEPTED" } });
    await db.$transaction((tx) => risk.recomputeRiskScores(tx));
    expect((await db.identity.findUniqueOrThrow({ where: { id: nhi.id } })).riskScore).toBe(0);
  });
});

describe("formatRiskReason", () => {
  it("writes points, factors, and old plain strings", async () => {
    const { risk } = await mod();
    expect(risk.formatRiskReason({ points: 25, text: "No owner", ruleId: "orphaned-nhi" })).toBe("+25 No owner");
    expect(risk.formatRiskReason({ factor: 1.15, text: "production" })).toBe("×1.15 production");
    expect(risk.formatRiskReason("Legacy reason")).toBe("Legacy reason");
    expect(risk.formatRiskReason(42)).toBe("");
  });
});
