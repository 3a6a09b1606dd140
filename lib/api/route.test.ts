import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

// The session cookie path: what getViewer returns stands in for a signed-in browser.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null, calls: 0 }));
vi.mock("../auth/session", () => ({
  getViewer: async () => {
    session.calls++;
    return session.viewer;
  },
}));

let t: TestDb;
let route: typeof import("./route");
let admin: Viewer;
let adminToken: string;
let readOnlyToken: string;

beforeAll(async () => {
  t = await setupTestDb();
  route = await import("./route");
  const { makeUser } = await import("../testing/fixtures");
  const { createApiToken } = await import("../tokens/mutations");
  admin = await makeUser("ADMIN");
  adminToken = (await createApiToken(admin, { name: "all", scopes: ["import:run", "audit:read"], expiresInDays: 7 })).token;
  readOnlyToken = (await createApiToken(admin, { name: "ro", scopes: ["audit:read"], expiresInDays: 7 })).token;
});
afterAll(async () => {
  await t?.cleanup();
});
beforeEach(() => {
  session.viewer = null;
  session.calls = 0;
});

const echo = (permission: Parameters<typeof import("./route").apiRoute>[0]) =>
  route.apiRoute(permission, async (req, viewer) => {
    const body = req.method === "POST" ? await route.readJson(req, z.object({ n: z.number() })) : null;
    return Response.json({ viewer: viewer.email, tokenId: viewer.tokenId ?? null, body });
  });

const req = (init: RequestInit & { url?: string } = {}) => new Request(init.url ?? "http://steward.test/api/v1/thing", init);
const bearer = (token: string, init: RequestInit = {}) => req({ ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } });

describe("apiRoute", () => {
  it("authenticates a Bearer token without touching the session, and sends rate-limit headers", async () => {
    const res = await echo("audit:read")(bearer(adminToken), {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ viewer: admin.email });
    expect(session.calls).toBe(0);
    expect(res.headers.get("x-ratelimit-limit")).toBe("600");
    expect(Number(res.headers.get("x-ratelimit-remaining"))).toBeLessThan(600);
    expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
  });

  it("401 with a clear code for a missing session and a bad token", async () => {
    const anon = await echo("audit:read")(req(), {});
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { code: "unauthenticated" } });
    const bad = await echo("audit:read")(bearer("stw_nope"), {});
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_token" } });
    expect(bad.headers.get("x-ratelimit-limit")).toBe("600");
  });

  it("403 naming the missing scope when the role has it but the token does not", async () => {
    const res = await echo("import:run")(bearer(readOnlyToken), {});
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain('scope "import:run"');
  });

  it("refuses cookie-authenticated state changes from another site, not token ones", async () => {
    session.viewer = admin;
    const body = JSON.stringify({ n: 1 });
    const json = { "content-type": "application/json" };
    const cross = await echo("import:run")(req({ method: "POST", body, headers: { ...json, "sec-fetch-site": "cross-site" } }), {});
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ error: { code: "cross_site_request" } });
    const evilOrigin = await echo("import:run")(req({ method: "POST", body, headers: { ...json, origin: "https://evil.example", host: "steward.test" } }), {});
    expect(evilOrigin.status).toBe(403);
    const same = await echo("import:run")(req({ method: "POST", body, headers: { ...json, "sec-fetch-site": "same-origin" } }), {});
    expect(same.status).toBe(200);
    const sameOrigin = await echo("import:run")(req({ method: "POST", body, headers: { ...json, origin: "http://steward.test", host: "steward.test" } }), {});
    expect(sameOrigin.status).toBe(200);
    // GET is not a state change; a token is not an ambient credential.
    expect((await echo("audit:read")(req({ headers: { "sec-fetch-site": "cross-site" } }), {})).status).toBe(200);
    session.viewer = null;
    const token = await echo("import:run")(bearer(adminToken, { method: "POST", body, headers: { ...json, "sec-fetch-site": "cross-site" } }), {});
    expect(token.status).toBe(200);
  });

  it("turns malformed JSON, wrong types and oversized bodies into 4xx without echoing the input", async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      echo("import:run")(bearer(adminToken, { method: "POST", body, headers: { "content-type": "application/json", ...headers } }), {});
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid_json" } });
    const wrong = await post(JSON.stringify({ n: "sekrit-value-123" }));
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).toContain("invalid_request");
    expect(text).not.toContain("sekrit-value-123");
    const big = await post(JSON.stringify({ n: 1, pad: "x".repeat(route.MAX_JSON_BYTES) }));
    expect(big.status).toBe(413);
    const declared = await post("{}", { "content-length": String(route.MAX_JSON_BYTES + 1) });
    expect(declared.status).toBe(413);
  });

  it("hides unexpected errors: 500 with no stack or SQL", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const boom = route.apiRoute("audit:read", async () => {
      throw new Error('relation "secret_table" does not exist at SELECT * FROM x');
    });
    const res = await boom(bearer(adminToken), {});
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/secret_table|SELECT|at .*\.ts/);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "internal" } });
    spy.mockRestore();
  });
});

describe("FixedWindowLimiter", () => {
  it("allows `limit` requests per window, then refuses until the next window", async () => {
    const { FixedWindowLimiter, rateLimitHeaders } = await import("./rate-limit");
    const l = new FixedWindowLimiter(3, 60_000);
    const t0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
    expect([1, 2, 3].map(() => l.hit("k", t0).ok)).toEqual([true, true, true]);
    const refused = l.hit("k", t0 + 1000);
    expect(refused).toMatchObject({ ok: false, remaining: 0 });
    expect(rateLimitHeaders(refused, t0 + 1000)["Retry-After"]).toBe("59");
    expect(l.hit("other", t0).ok).toBe(true);
    expect(l.hit("k", t0 + 60_000).ok).toBe(true);
    expect(l.peek("k", t0 + 60_000)).toBe(1);
  });
});

describe("isPoolBusy", () => {
  it("recognises Prisma's 'no connection came free in time', and only that", async () => {
    const { isPoolBusy } = await import("./route");
    expect(isPoolBusy({ code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." })).toBe(true);
    expect(isPoolBusy({ code: "P2028", message: "Transaction API error: Transaction already closed." })).toBe(false);
    expect(isPoolBusy(new Error("Unable to start a transaction in the given time."))).toBe(false);
    expect(isPoolBusy(null)).toBe(false);
  });
});
