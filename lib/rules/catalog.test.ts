import { describe, expect, it } from "vitest";
import { RULE_CATALOG, rulesByOwasp } from "./catalog";
import { NIST_CSF, OWASP_NHI } from "./types";
import { parseWindowDays } from "./context";

describe("rule catalog", () => {
  it("has unique kebab-case ids and complete metadata", () => {
    const ids = RULE_CATALOG.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULE_CATALOG) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.description.length, r.id).toBeGreaterThan(20);
      expect(r.remediation.length, r.id).toBeGreaterThan(20);
      expect(Object.keys(OWASP_NHI)).toContain(r.owasp.id);
      expect(r.nist.length, r.id).toBeGreaterThan(0);
      for (const n of r.nist) expect(Object.keys(NIST_CSF)).toContain(n.id);
    }
  });

  it("cites only NIST CSF 2.0 subcategory ids of the right shape", () => {
    for (const id of Object.keys(NIST_CSF)) expect(id).toMatch(/^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/);
    // PR.AA-06 is physical access in CSF 2.0: not something an NHI rule supports.
    expect(Object.keys(NIST_CSF)).not.toContain("PR.AA-06");
  });

  it("groups rules under the ten OWASP NHI ids in order", () => {
    const groups = rulesByOwasp();
    expect(groups.map((g) => g.id)).toEqual(["NHI1", "NHI2", "NHI3", "NHI4", "NHI5", "NHI6", "NHI7", "NHI8", "NHI9", "NHI10"]);
    expect(groups.reduce((n, g) => n + g.rules.length, 0)).toBe(RULE_CATALOG.length);
  });

  it("parses the unused-window setting defensively", () => {
    expect(parseWindowDays(120)).toBe(120);
    expect(parseWindowDays("60")).toBe(60);
    expect(parseWindowDays({ days: 30 })).toBe(30);
    for (const bad of [0, -5, 1.5, "abc", "", null, undefined, { days: "x" }, 99999]) expect(parseWindowDays(bad)).toBeUndefined();
  });
});
