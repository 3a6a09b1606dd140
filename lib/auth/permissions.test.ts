import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS } from "./permissions";
import { lockDurationMs } from "./lockout";

describe("permissions", () => {
  it("denies by default: no viewer, no permission", () => {
    expect(can(null, "identity:read")).toBe(false);
    expect(can(undefined, "audit:read")).toBe(false);
  });

  it("gives admins everything and read-only roles no writes", () => {
    for (const p of PERMISSIONS) expect(can({ role: "ADMIN" }, p)).toBe(true);
    for (const role of ["SECURITY_VIEWER", "AUDITOR"] as const) {
      expect(can({ role }, "identity:read-all")).toBe(true);
      expect(can({ role }, "identity:edit")).toBe(false);
      expect(can({ role }, "identity:edit-purpose-own")).toBe(false);
      expect(can({ role }, "identity:bulk-assign")).toBe(false);
    }
    expect(can({ role: "AUDITOR" }, "audit:read")).toBe(true);
    expect(can({ role: "SECURITY_VIEWER" }, "audit:read")).toBe(false);
  });

  it("scopes owners: read own, edit own purpose, nothing estate-wide", () => {
    expect(can({ role: "OWNER" }, "identity:read")).toBe(true);
    expect(can({ role: "OWNER" }, "identity:read-all")).toBe(false);
    expect(can({ role: "OWNER" }, "identity:edit")).toBe(false);
    expect(can({ role: "OWNER" }, "identity:edit-purpose-own")).toBe(true);
  });

  it("only lists known permissions", () => {
    for (const list of Object.values(ROLE_PERMISSIONS)) for (const p of list) expect(PERMISSIONS).toContain(p);
  });
});

describe("sign-in lockout", () => {
  it("allows a few failures, then backs off exponentially up to an hour", () => {
    expect(lockDurationMs(4)).toBe(0);
    expect(lockDurationMs(5)).toBe(30_000);
    expect(lockDurationMs(6)).toBe(60_000);
    expect(lockDurationMs(50)).toBe(60 * 60_000);
  });
});
