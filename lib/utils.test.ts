import { describe, expect, it } from "vitest";
import { ageInDays, cn, formatDate, formatDateTime, formatNumber, formatRelative } from "./utils";

const NOW = new Date("2025-06-15T12:00:00Z");
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const ahead = (ms: number) => new Date(NOW.getTime() + ms);

describe("cn", () => {
  it("joins conditional classes and lets later Tailwind classes win", () => {
    expect(cn("px-2 py-1", false && "hidden", "px-4")).toBe("py-1 px-4");
    expect(cn("text-sm text-muted-foreground", "text-foreground")).toBe("text-sm text-foreground");
  });
});

describe("formatDate", () => {
  it("formats in UTC with a fixed locale", () => {
    expect(formatDate(new Date("2025-03-12T23:30:00Z"))).toBe("12 Mar 2025");
    expect(formatDate("2025-03-12T00:00:00Z")).toBe("12 Mar 2025");
  });
  it("returns a dash for missing or invalid input", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate(undefined)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
  });
  it("formats date-times with the zone spelled out", () => {
    expect(formatDateTime("2025-03-12T14:05:09Z")).toBe("12 Mar 2025, 14:05 UTC");
  });
});

describe("formatRelative", () => {
  it("says never for null", () => {
    expect(formatRelative(null, NOW)).toBe("never");
  });
  it("handles the past", () => {
    expect(formatRelative(ago(10_000), NOW)).toBe("just now");
    expect(formatRelative(ago(5 * 60_000), NOW)).toBe("5 minutes ago");
    expect(formatRelative(ago(3 * 3_600_000), NOW)).toBe("3 hours ago");
    expect(formatRelative(ago(3 * DAY), NOW)).toBe("3 days ago");
    expect(formatRelative(ago(1 * DAY), NOW)).toBe("1 day ago");
    expect(formatRelative(ago(92 * DAY), NOW)).toBe("3 months ago");
    expect(formatRelative(ago(800 * DAY), NOW)).toBe("2 years ago");
  });
  it("handles the future", () => {
    expect(formatRelative(ahead(61 * DAY), NOW)).toBe("in 2 months");
    expect(formatRelative(ahead(2 * DAY), NOW)).toBe("in 2 days");
  });
  it("accepts strings and timestamps", () => {
    expect(formatRelative("2025-06-12T12:00:00Z", NOW.getTime())).toBe("3 days ago");
  });
});

describe("formatNumber", () => {
  it("groups thousands", () => {
    expect(formatNumber(4812)).toBe("4,812");
    expect(formatNumber(1_234_567)).toBe("1,234,567");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(12n)).toBe("12");
  });
  it("returns a dash for missing values", () => {
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
  });
});

describe("ageInDays", () => {
  it("counts whole days", () => {
    expect(ageInDays(ago(3 * DAY), NOW)).toBe(3);
    expect(ageInDays(ago(3 * DAY - 1), NOW)).toBe(2);
    expect(ageInDays(NOW, NOW)).toBe(0);
    expect(ageInDays(ahead(2 * DAY), NOW)).toBe(-2);
  });
  it("returns null without a date", () => {
    expect(ageInDays(null, NOW)).toBeNull();
    expect(ageInDays("garbage", NOW)).toBeNull();
  });
});
