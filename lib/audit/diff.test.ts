import { describe, expect, it } from "vitest";
import { auditDiff, showValue } from "./diff";

describe("auditDiff", () => {
  it("lists changed fields only, sorted", () => {
    expect(auditDiff({ ownerId: "a", purpose: "x" }, { ownerId: "b", purpose: "x" })).toEqual([{ field: "ownerId", before: "a", after: "b" }]);
  });
  it("treats a creation as every field new and a removal as every field gone", () => {
    expect(auditDiff(null, { name: "t", scopes: ["a"] })).toEqual([
      { field: "name", before: null, after: "t" },
      { field: "scopes", before: null, after: ["a"] },
    ]);
    expect(auditDiff({ revokedAt: null }, { revokedAt: "2026-01-01" })).toEqual([{ field: "revokedAt", before: null, after: "2026-01-01" }]);
  });
  it("compares nested values whole", () => {
    expect(auditDiff({ t: { a: 1 } }, { t: { a: 1 } })).toEqual([]);
    expect(auditDiff({ t: { a: 1 } }, { t: { a: 2 } })).toHaveLength(1);
  });
  it("handles scalars and nothing", () => {
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff(1, 2)).toEqual([{ field: "value", before: 1, after: 2 }]);
    expect(showValue(null)).toBe("(none)");
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
