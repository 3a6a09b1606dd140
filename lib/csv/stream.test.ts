import { describe, expect, it } from "vitest";
import { safeCell } from "./stream";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(safeCell("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")");
    expect(safeCell("+1")).toBe("'+1");
    expect(safeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(safeCell("svc-payments")).toBe("svc-payments");
    expect(safeCell("2026-01-01T00:00:00.000Z")).toBe("2026-01-01T00:00:00.000Z");
  });
});
