// /api/v1 identities and users, through the real route handlers with API tokens: cursor paging stability, object
// scope (another owner's NHI is a 404), and every error status (400, 401, 403, 404, 409).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

// Auditors cannot create API tokens: they call as a signed-in session (getViewer stands in for the cookie).
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("../auth/session", () => ({ getViewer: async () => session.viewer }));

let t: TestDb;
let db: typeof import("../db").db;
let admin: Viewer;
let owner: Viewer;
let other: Viewer;
let auditor: Viewer;
const tokens: Record<string, string> = {};
let sourceId: string;
let ownNhi: string;
let othersNhi: string;

// Route handlers type their own params; the test passes whatever each needs.
type Handler = (req: Request, ctx: any) => Promise<Response>;
let identities: { GET: Handler };
let identity: { GET: Handler; PATCH: Handler };
let credentials: { GET: Handler };
let entitlements: { GET: Handler };
let users: { GET: Handler; POST: Handler };
let user: { GET: Handler; PATCH: Handler };

beforeAll(async () => {
  process.env.STEWARD_API_RATE_LIMIT = "100000";
  t = await setupTestDb();
  ({ db } = await import("../db"));
  const { makeUser, makeSource, makeIdentity } = await import("../testing/fixtures");
  const { createApiToken, grantableScopes } = await import("../tokens/mutations");
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  other = await makeUser("OWNER");
  auditor = await makeUser("AUDITOR");
  session.viewer = auditor;
  for (const [k, v] of Object.entries({ admin, owner, other })) {
    tokens[k] = (await createApiToken(v, { name: k, scopes: grantableScopes(v), expiresInDays: 1 })).token;
  }
  tokens.adminReadOnly = (await createApiToken(admin, { name: "ro", scopes: ["identity:read", "identity:read-all"], expiresInDays: 1 })).token;
  sourceId = (await makeSource()).id;
  ownNhi = (await makeIdentity(sourceId, { ownerId: owner.id, purpose: "Nightly billing export to the data lake" })).id;
  othersNhi = (await makeIdentity(sourceId, { ownerId: other.id })).id;
  await db.credential.create({ data: { identityId: ownNhi, externalId: "AKIAEXAMPLE", type: "ACCESS_KEY", status: "ACTIVE", storage: "vault", createdAt: new Date() } });
  await db.entitlement.create({ data: { identityId: ownNhi, resource: "arn:aws:s3:::billing", permission: "s3:GetObject", privilege: "READ" } });
  identities = await import("../../app/api/v1/identities/route");
  identity = await import("../../app/api/v1/identities/[id]/route");
  credentials = await import("../../app/api/v1/identities/[id]/credentials/route");
  entitlements = await import("../../app/api/v1/identities/[id]/entitlements/route");
  users = await import("../../app/api/v1/users/route");
  user = await import("../../app/api/v1/users/[id]/route");
});
afterAll(async () => {
  await t?.cleanup();
});

const call = (h: Handler, who: string | null, path: string, init: RequestInit & { id?: string } = {}) =>
  h(
    new Request(`http://steward.test${path}`, {
      ...init,
      headers: { ...(who && who !== "auditor" ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(init.body ? { "content-type": "application/json" } : {}) },
    }),
    { params: Promise.resolve(init.id ? { id: init.id } : {}) },
  );

describe("GET /api/v1/identities", () => {
  it("pages with a cursor: an insert during the walk neither skips nor repeats an existing row", async () => {
    const { makeIdentity } = await import("../testing/fixtures");
    for (let i = 0; i < 7; i++) await makeIdentity(sourceId);
    const existing = (await db.identity.findMany({ where: { sourceId }, select: { id: true } })).map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(identities.GET, "admin", `/api/v1/identities?source=${sourceId}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((r) => r.id));
      cursor = body.nextCursor;
      // New NHIs arrive mid-walk (an import running meanwhile).
      if (pages++ === 1) await makeIdentity(sourceId);
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(existing));
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("applies the inventory filters and the owner's scope", async () => {
    const own = (await (await call(identities.GET, "owner", `/api/v1/identities`)).json()) as { data: { id: string }[] };
    expect(own.data.map((r) => r.id)).toEqual([ownNhi]);
    const q = (await (await call(identities.GET, "admin", `/api/v1/identities?owner=${other.id}`)).json()) as { data: { id: string }[] };
    expect(q.data.map((r) => r.id)).toEqual([othersNhi]);
  });

  it("400 for a bad cursor limit, 401 without credentials", async () => {
    const bad = await call(identities.GET, "admin", `/api/v1/identities?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    session.viewer = null;
    expect((await call(identities.GET, null, `/api/v1/identities`)).status).toBe(401);
    session.viewer = auditor;
  });
});

describe("GET/PATCH /api/v1/identities/{id}", () => {
  it("another owner's NHI is 404 (never 403), in every sub-resource", async () => {
    expect((await call(identity.GET, "owner", `/x`, { id: ownNhi })).status).toBe(200);
    for (const h of [identity.GET, credentials.GET, entitlements.GET]) {
      const res = await call(h, "other", `/x`, { id: ownNhi });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    expect((await call(identity.PATCH, "other", `/x`, { id: ownNhi, method: "PATCH", body: JSON.stringify({ purpose: "Not mine but I try anyway" }) })).status).toBe(404);
  });

  it("credentials carry metadata only; entitlements are listed", async () => {
    const creds = (await (await call(credentials.GET, "owner", `/x`, { id: ownNhi })).json()) as { data: Record<string, unknown>[] };
    expect(creds.data).toHaveLength(1);
    expect(Object.keys(creds.data[0]!).sort()).toEqual(
      ["createdAt", "ephemeral", "expiresAt", "externalId", "fingerprint", "id", "lastRotatedAt", "lastUsedAt", "name", "status", "storage", "type"],
    );
    const ents = (await (await call(entitlements.GET, "owner", `/x`, { id: ownNhi })).json()) as { data: { resource: string }[] };
    expect(ents.data.map((e) => e.resource)).toEqual(["arn:aws:s3:::billing"]);
  });

  it("an owner edits the purpose of their own NHI, audited; nothing else (403)", async () => {
    const res = await call(identity.PATCH, "owner", `/x`, { id: ownNhi, method: "PATCH", body: JSON.stringify({ purpose: "Nightly billing export, confirmed by the owner" }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { purpose: string } }).data.purpose).toBe("Nightly billing export, confirmed by the owner");
    expect(await db.auditEvent.count({ where: { action: "identity.update", targetId: ownNhi } })).toBe(1);
    const crit = await call(identity.PATCH, "owner", `/x`, { id: ownNhi, method: "PATCH", body: JSON.stringify({ criticality: "LOW" }) });
    expect(crit.status).toBe(403);
    const aud = await call(identity.PATCH, "auditor", `/x`, { id: ownNhi, method: "PATCH", body: JSON.stringify({ purpose: "An auditor may not write this" }) });
    expect(aud.status).toBe(403);
  });

  it("an admin reassigns the owner; a token without the edit scope is 403; bad input 400", async () => {
    const res = await call(identity.PATCH, "admin", `/x`, { id: othersNhi, method: "PATCH", body: JSON.stringify({ ownerId: owner.id, criticality: "HIGH" }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { ownerId: string; criticality: string } }).data).toMatchObject({ ownerId: owner.id, criticality: "HIGH" });
    const ro = await call(identity.PATCH, "adminReadOnly", `/x`, { id: othersNhi, method: "PATCH", body: JSON.stringify({ criticality: "LOW" }) });
    expect(ro.status).toBe(403);
    for (const body of ["{", JSON.stringify({ purpose: "short" }), JSON.stringify({ name: "renamed" }), JSON.stringify({ criticality: "EXTREME" })]) {
      expect((await call(identity.PATCH, "admin", `/x`, { id: othersNhi, method: "PATCH", body })).status).toBe(400);
    }
    expect((await call(identity.GET, "admin", `/x`, { id: "does-not-exist" })).status).toBe(404);
  });
});

describe("/api/v1/users", () => {
  it("admins list (cursor-paged, no password hash), create (409 on a taken e-mail) and edit users, audited", async () => {
    const page = (await (await call(users.GET, "admin", `/api/v1/users?limit=2`)).json()) as { data: Record<string, unknown>[]; nextCursor: string };
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).toBeTruthy();
    expect(JSON.stringify(page.data)).not.toMatch(/passwordHash|failedLogins/);
    const body = JSON.stringify({ email: "api-made@test.local", name: "API Made", role: "OWNER", teamName: "Payments", password: "correct horse battery" });
    const created = await call(users.POST, "admin", `/api/v1/users`, { method: "POST", body });
    expect(created.status).toBe(201);
    const u = ((await created.json()) as { data: { id: string; team: { id: string; name: string } } }).data;
    expect(u.team.name).toBe("Payments");
    expect((await call(users.POST, "admin", `/api/v1/users`, { method: "POST", body })).status).toBe(409);
    expect((await call(users.POST, "admin", `/api/v1/users`, { method: "POST", body: JSON.stringify({ email: "x" }) })).status).toBe(400);
    const edited = await call(user.PATCH, "admin", `/x`, { id: u.id, method: "PATCH", body: JSON.stringify({ role: "AUDITOR", teamId: null, active: false }) });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { data: unknown }).data).toMatchObject({ role: "AUDITOR", team: null, active: false });
    expect(await db.auditEvent.count({ where: { targetId: u.id, action: { in: ["user.create", "user.update"] } } })).toBe(2);
    expect((await call(user.GET, "admin", `/x`, { id: "nope" })).status).toBe(404);
  });

  it("409 for demoting yourself; 403 for non-admins and tokens without the scope", async () => {
    const self = await call(user.PATCH, "admin", `/x`, { id: admin.id, method: "PATCH", body: JSON.stringify({ role: "OWNER" }) });
    expect(self.status).toBe(409);
    expect(((await self.json()) as { error: { code: string } }).error.code).toBe("conflict");
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
    expect((await call(users.GET, "owner", `/api/v1/users`)).status).toBe(403);
    expect((await call(users.GET, "auditor", `/api/v1/users`)).status).toBe(403);
    const scoped = await call(users.GET, "adminReadOnly", `/api/v1/users`);
    expect(scoped.status).toBe(403);
    expect(((await scoped.json()) as { error: { message: string } }).error.message).toMatch(/scope "user:manage"/);
  });
});
