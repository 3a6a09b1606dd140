import { describe, expect, it } from "vitest";
import { KPIS, emptyFigures, formatKpi, sumByKey, sumFigures, trendOf, type Figures } from "./metrics";

const kpi = (key: string, f: Partial<Figures>) => KPIS.find((k) => k.key === key)!.value({ ...emptyFigures(), ...f });

describe("posture KPIs", () => {
  it("computes each ratio from the snapshot counts", () => {
    expect(kpi("ownershipCoverage", { owned: 75, orphans: 25 })).toBe(0.75);
    expect(kpi("nhiPerHuman", { identities: 450, humans: 30 })).toBe(15);
    expect(kpi("rotationCompliance", { credentialsCompliant: 3, credentials: 4 })).toBe(0.75);
    expect(kpi("entitlementsUnused", { entitlementsGranted: 10, entitlementsUsed: 4 })).toBe(0.6);
    expect(kpi("standingShare", { privilegedStanding: 9, privilegedTimeBound: 1 })).toBe(0.9);
    expect(kpi("campaignCompletion", { campaignItems: 0 })).toBeNull();
    expect(kpi("criticalFindings", { findingsCritical: 7 })).toBe(7);
  });

  it("formats counts, ratios and percentages; nothing to divide is a dash", () => {
    expect(formatKpi("count", 12345)).toBe("12,345");
    expect(formatKpi("ratio", 20.4)).toBe("20 : 1");
    expect(formatKpi("ratio", 4.25)).toBe("4.3 : 1");
    expect(formatKpi("percent", 0.874)).toBe("87%");
    expect(formatKpi("percent", 0.004)).toBe("0.4%");
    expect(formatKpi("percent", null)).toBe("—");
  });

  it("colours a trend by whether the change is an improvement", () => {
    expect(trendOf({ unit: "percent", better: "up" }, 0.87, 0.73)).toEqual({ direction: "up", tone: "good", text: "+14.0 pts" });
    expect(trendOf({ unit: "percent", better: "down" }, 0.6, 0.5)).toMatchObject({ direction: "up", tone: "bad" });
    expect(trendOf({ unit: "count", better: null }, 105, 100)).toEqual({ direction: "up", tone: "neutral", text: "+5.0%" });
    expect(trendOf({ unit: "count", better: "down" }, 50, 100)).toEqual({ direction: "down", tone: "good", text: "−50%" });
    expect(trendOf({ unit: "count", better: "down" }, 5, 5)).toMatchObject({ direction: "flat", tone: "neutral" });
    expect(trendOf({ unit: "percent", better: "up" }, 0.5, null)).toBeNull();
  });

  it("adds rows from raw SQL (numbers as strings) and merges JSON breakdowns", () => {
    expect(sumFigures([{ identities: "3", orphans: 1 }, { identities: 2 }])).toMatchObject({ identities: 5, orphans: 1, owned: 0 });
    expect(sumByKey([{ NHI1: 2 }, { NHI1: 1, NHI5: 4 }, null])).toEqual({ NHI1: 3, NHI5: 4 });
  });
});
