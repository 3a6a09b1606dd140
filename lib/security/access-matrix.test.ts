// Fast check (no server) that the access matrix names every route; e2e/access-matrix.spec.ts runs the rows.
import { describe, expect, it } from "vitest";
import { discoverRoutes, findInlineServerActions } from "../../e2e/access/discover";
import { MATRIX } from "../../e2e/access-matrix";

describe("access matrix coverage", () => {
  it("has a row for every page, route handler method and server action", () => {
    const routes = discoverRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((r) => !MATRIX[r.key]).map((r) => `${r.key}    <- ${r.file}`);
    expect(missing, "Add one row per route above to MATRIX in e2e/access-matrix.ts").toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !routes.some((r) => r.key === k)), "rows for routes that no longer exist").toEqual([]);
    expect(findInlineServerActions()).toEqual([]);
  });

  it("discovers pages, methods and actions the way the matrix keys them", () => {
    const keys = discoverRoutes().map((r) => r.key);
    expect(keys).toContain("page /inventory/[id]");
    expect(keys).toContain("POST /api/v1/imports");
    expect(keys).toContain("GET /api/auth/[...nextauth]");
    expect(keys).toContain("action app/(dashboard)/inventory/actions.ts#updatePurposeAction");
  });
});
