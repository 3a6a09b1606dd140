import { describe, expect, it } from "vitest";
import {
  addDays,
  DEFAULT_EXCEPTION_POLICY,
  endOfDay,
  expiryCapDays,
  latestExpiryDay,
  worstSeverity,
  ZExceptionDecision,
  ZExceptionPolicy,
  ZExceptionRequest,
} from "./schemas";

const base = { identityId: "nhi_1", findingIds: ["f1"], justification: "The vendor cannot rotate before its next release.", controls: ["MONITORED"], expiresOn: "2027-01-31" };

describe("exception contracts", () => {
  it("caps expiry by the worst severity covered, counted in UTC days", () => {
    expect(expiryCapDays(DEFAULT_EXCEPTION_POLICY, "HIGH")).toBe(90);
    expect(expiryCapDays(DEFAULT_EXCEPTION_POLICY, "CRITICAL")).toBe(30);
    expect(worstSeverity(["LOW", "CRITICAL", "MEDIUM"])).toBe("CRITICAL");
    expect(worstSeverity([])).toBe("INFO");
    // 23:30 UTC on 31 Dec is still 31 Dec: 30 days later is 30 Jan.
    expect(latestExpiryDay(DEFAULT_EXCEPTION_POLICY, "CRITICAL", new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-30");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(endOfDay("2027-01-30").toISOString()).toBe("2027-01-30T23:59:59.999Z");
  });

  it("accepts a well-formed request and names the field at fault otherwise", () => {
    const parsed = ZExceptionRequest.parse({ ...base, controlsNote: "  " });
    expect(parsed.scope).toBe("FINDINGS");
    expect(parsed.controlsNote).toBeUndefined();
    const fields = (input: object) => (ZExceptionRequest.safeParse(input).error?.issues ?? []).map((i) => i.path.join("."));
    expect(fields({ ...base, expiresOn: "2027-02-29" })).toEqual(["expiresOn"]);
    expect(fields({ ...base, expiresOn: "31/01/2027" })).toEqual(["expiresOn"]);
    expect(fields({ ...base, controls: [], controlsNote: "   " })).toEqual(["controls"]);
    expect(fields({ ...base, controls: [], controlsNote: "Egress restricted to the vendor's range" })).toEqual([]);
    expect(fields({ ...base, scope: "RULE", findingIds: [] })).toEqual(["ruleId"]);
    expect(fields({ ...base, findingIds: Array.from({ length: 101 }, (_, i) => `f${i}`) })).toEqual(["findingIds"]);
  });

  it("requires a reason to reject and keeps the critical cap within the general one", () => {
    expect(ZExceptionDecision.safeParse({ ids: ["e1"], decision: "REJECT" }).success).toBe(false);
    expect(ZExceptionDecision.safeParse({ ids: ["e1"], decision: "APPROVE" }).success).toBe(true);
    expect(ZExceptionDecision.safeParse({ ids: [], decision: "APPROVE" }).success).toBe(false);
    expect(ZExceptionPolicy.safeParse({ maxDays: 30, maxDaysCritical: 60, securityViewerCanApprove: false }).success).toBe(false);
    expect(ZExceptionPolicy.safeParse({ maxDays: "60", maxDaysCritical: "30", securityViewerCanApprove: true }).data).toEqual({ maxDays: 60, maxDaysCritical: 30, securityViewerCanApprove: true });
  });
});
