// The pure timing and settings rules of campaign automation (lib/campaigns/automation.ts).
import { describe, expect, it } from "vitest";
import { daysLeft, dueReminderOffset, itemNoResponseAction, nextPeriodStart, periodOf, reachedEscalations, riskTierOf, ZEscalation, ZNoResponseAction, ZReminderDays } from "./automation";

const d = (iso: string) => new Date(iso);
const DAY = 86_400_000;

describe("recurrence periods", () => {
  it("names the period a moment falls in, and when the next one starts", () => {
    expect(periodOf("MONTHLY", d("2026-11-30T23:59:59Z"))).toBe("2026-11");
    expect(periodOf("QUARTERLY", d("2026-10-01T00:00:00Z"))).toBe("2026-Q4");
    expect(periodOf("QUARTERLY", d("2026-09-30T23:00:00Z"))).toBe("2026-Q3");
    expect(periodOf("YEARLY", d("2026-06-15T00:00:00Z"))).toBe("2026");
    expect(nextPeriodStart("MONTHLY", d("2026-12-15T00:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextPeriodStart("QUARTERLY", d("2026-11-15T00:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextPeriodStart("YEARLY", d("2026-11-15T00:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("reminder timing", () => {
  const due = d("2026-12-10T23:59:59Z");
  it("picks the most urgent offset reached, none before the first or after the due date", () => {
    expect(dueReminderOffset([7, 3, 1], due, new Date(due.getTime() - 8 * DAY))).toBeNull();
    expect(dueReminderOffset([7, 3, 1], due, new Date(due.getTime() - 7 * DAY))).toBe(7);
    expect(dueReminderOffset([7, 3, 1], due, new Date(due.getTime() - 2 * DAY))).toBe(3);
    expect(dueReminderOffset([7, 3, 1], due, new Date(due.getTime() - 1000))).toBe(1);
    expect(dueReminderOffset([7, 3, 1], due, due)).toBeNull();
    expect(dueReminderOffset([], due, new Date(due.getTime() - DAY))).toBeNull();
  });
  it("says the real time left, rounded up", () => {
    expect(daysLeft(due, new Date(due.getTime() - 2.5 * DAY))).toBe(3);
    expect(daysLeft(due, new Date(due.getTime() - 1000))).toBe(1);
  });
});

describe("settings", () => {
  it("parses reminder days from text, refusing what is not a day count", () => {
    expect(ZReminderDays.parse("1, 7,3")).toEqual([7, 3, 1]);
    expect(ZReminderDays.parse("")).toEqual([]);
    expect(ZReminderDays.safeParse("7, soon").success).toBe(false);
    expect(ZReminderDays.safeParse("0").success).toBe(false);
    expect(ZReminderDays.safeParse("1,2,3,4,5,6").success).toBe(false);
  });
  it("needs escalation levels in increasing order, and reports the levels reached", () => {
    expect(ZEscalation.safeParse({ levels: [{ afterDays: 3, to: "ADMINS" }, { afterDays: 1, to: "TEAM_LEAD" }] }).success).toBe(false);
    const e = ZEscalation.parse({ levels: [{ afterDays: 1, to: "TEAM_LEAD" }, { afterDays: 5, to: "FALLBACK" }] });
    const due = d("2026-12-10T00:00:00Z");
    expect(reachedEscalations(e, due, new Date(due.getTime() + DAY - 1))).toEqual([]);
    expect(reachedEscalations(e, due, new Date(due.getTime() + 2 * DAY)).map((l) => l.level)).toEqual([1]);
    expect(reachedEscalations(e, due, new Date(due.getTime() + 5 * DAY)).map((l) => l.to)).toEqual(["TEAM_LEAD", "FALLBACK"]);
  });
  it("maps a risk score to its tier and the tier to its action", () => {
    expect([0, 24, 25, 49, 50, 74, 75, 100].map(riskTierOf)).toEqual(["LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH", "HIGH", "CRITICAL", "CRITICAL"]);
    const cfg = ZNoResponseAction.parse({ HIGH: "DISABLE_RECOMMENDED", graceDays: "" });
    expect(cfg.graceDays).toBeNull();
    expect(itemNoResponseAction(cfg, "REVOKE_UNUSED", "LOW")).toBe("REVOKE_UNUSED");
    expect(itemNoResponseAction(cfg, "REVOKE_UNUSED", "HIGH")).toBe("DISABLE_RECOMMENDED");
    expect(ZNoResponseAction.safeParse({ LOW: "DELETE" }).success).toBe(false);
  });
});
