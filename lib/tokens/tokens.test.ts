import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let db: typeof import("../db").db;
let m: typeof import("./mutations");
let auth: typeof import("./auth");
let makeUser: typeof import("../testing/fixtures").makeUser;
let admin: Viewer;
let owner: Viewer;
let otherOwner: Viewer;
let ciso: Viewer;
const info = { ip: "203.0.113.7", method: "GET", path: "/api/v1/audit" };

beforeAll(async () => {
  t = await setupTestDb();
  ({ db } = await import("../db"));
  m = await import("./mutations");
  auth = await import("./auth");
  ({ makeUser } = await import("../testing/fixtures"));
  admin = await makeUser("ADMIN");
  owner = await makeUser("OWNER");
  otherOwner = await makeUser("OWNER");
  ciso = await makeUser("SECURITY_VIEWER");
});
afterAll(async () => {
  await t?.cleanup();
});

describe("creating tokens", () => {
  it("returns the token once and stores only its SHA-256", async () => {
    const created = await m.createApiToken(admin, { name: "SIEM", scopes: ["audit:read"], expiresInDays: 30 });
    expect(created.token).toMatch(/^stw_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(created.token.slice(4));
    // Nowhere in the database: token table, audit log.
    const dump = JSON.stringify(await db.$queryRawUnsafe(`SELECT row_to_json(t) FROM "ApiToken" t UNION ALL SELECT row_to_json(a) FROM "AuditEvent" a`));
    expect(dump).not.toContain(created.token);
    expect(dump).not.toContain(created.token.slice(12));
    const ev = await db.auditEvent.findFirstOrThrow({ where: { action: "token.create", targetId: created.id } });
    expect(ev.actorId).toBe(admin.id);
    expect(ev.after).toMatchObject({ name: "SIEM", scopes: ["audit:read"], prefix: created.prefix });
    const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it("limits scopes to the creator's permissions and refuses roles without token rights", async () => {
    await expect(m.createApiToken(owner, { name: "x", scopes: ["identity:read-all"], expiresInDays: 7 })).rejects.toThrow(/cannot grant/);
    await expect(m.createApiToken(owner, { name: "x", scopes: ["import:run"], expiresInDays: 7 })).rejects.toThrow(/cannot grant/);
    await expect(m.createApiToken(ciso, { name: "x", scopes: ["identity:read"], expiresInDays: 7 })).rejects.toThrow(/permission/);
    const ok = await m.createApiToken(owner, { name: "mine", scopes: ["identity:read", "finding:read"], expiresInDays: 7 });
    expect(ok.scopes).toEqual(["finding:read", "identity:read"]);
    expect(m.grantableScopes(owner)).not.toContain("token:manage-own");
  });

  it("requires a name, a scope and an expiry within a year", async () => {
    await expect(m.createApiToken(admin, { name: " ", scopes: ["audit:read"], expiresInDays: 7 })).rejects.toThrow();
    await expect(m.createApiToken(admin, { name: "x", scopes: [], expiresInDays: 7 })).rejects.toThrow();
    await expect(m.createApiToken(admin, { name: "x", scopes: ["audit:read"], expiresInDays: 366 })).rejects.toThrow();
    await expect(m.createApiToken(admin, { name: "x", scopes: ["token:manage" as never], expiresInDays: 7 })).rejects.toThrow();
  });
});

describe("authenticating tokens", () => {
  it("acts as the creator with scopes ∩ role, records last use cheaply and audits use once an hour", async () => {
    const created = await m.createApiToken(admin, { name: "ci", scopes: ["import:run", "identity:read"], expiresInDays: 7 });
    const r = await auth.authenticateToken(created.token, info);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.viewer).toMatchObject({ id: admin.id, role: "ADMIN", tokenId: created.id });
    expect([...r.viewer.scopes!].sort()).toEqual(["identity:read", "import:run"]);
    const { can } = await import("../auth/permissions");
    expect(can(r.viewer, "import:run")).toBe(true);
    expect(can(r.viewer, "audit:read")).toBe(false);
    expect(can(r.viewer, "identity:read-all")).toBe(false);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.lastUsedIp).toBe(info.ip);
    await auth.authenticateToken(created.token, info);
    await auth.authenticateToken(created.token, info, new Date(Date.now() + 2 * 60_000));
    const uses = await db.auditEvent.findMany({ where: { action: "token.use", targetId: created.id } });
    expect(uses).toHaveLength(1);
    expect(uses[0]!.meta).toMatchObject({ apiTokenId: created.id, ip: info.ip, firstUse: true });
    const later = await db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(later.lastUsedAt!.getTime()).toBeGreaterThan(row.lastUsedAt!.getTime());
  });

  it("refuses malformed, unknown, revoked and expired tokens with distinct codes", async () => {
    expect(await auth.authenticateToken("nope", info)).toMatchObject({ ok: false, code: "invalid_token" });
    expect(await auth.authenticateToken(`stw_${"A".repeat(43)}`, info)).toMatchObject({ ok: false, code: "invalid_token" });
    const created = await m.createApiToken(owner, { name: "soon", scopes: ["identity:read"], expiresInDays: 1 });
    expect(await auth.authenticateToken(created.token, info, new Date(Date.now() + 2 * 86_400_000))).toMatchObject({ ok: false, code: "token_expired" });
    await m.revokeApiToken(owner, created.id);
    expect(await auth.authenticateToken(created.token, info)).toMatchObject({ ok: false, code: "token_revoked" });
    const ev = await db.auditEvent.findFirstOrThrow({ where: { action: "token.revoke", targetId: created.id } });
    expect(ev.actorId).toBe(owner.id);
  });

  it("dies with its creator and follows role changes", async () => {
    const person = await makeUser("ADMIN");
    const created = await m.createApiToken(person, { name: "x", scopes: ["import:run", "identity:read"], expiresInDays: 7 });
    await db.user.update({ where: { id: person.id }, data: { role: "OWNER" } });
    const demoted = await auth.authenticateToken(created.token, info);
    expect(demoted.ok && [...demoted.viewer.scopes!]).toEqual(["identity:read"]);
    await db.user.update({ where: { id: person.id }, data: { active: false } });
    expect(await auth.authenticateToken(created.token, info)).toMatchObject({ ok: false, code: "invalid_token" });
  });
});

describe("revoking and listing", () => {
  it("owners see and revoke only their own tokens; admins all", async () => {
    const mine = await m.createApiToken(otherOwner, { name: "other's", scopes: ["identity:read"], expiresInDays: 7 });
    await expect(m.revokeApiToken(owner, mine.id)).rejects.toThrow(/not found/i);
    const { listApiTokens } = await import("./queries");
    const q = { page: 1, size: 50, sort: "createdAt" as const, dir: "desc" as const };
    const ownList = await listApiTokens(owner, q);
    expect(ownList.rows.every((r) => r.createdBy.id === owner.id)).toBe(true);
    expect(JSON.stringify(ownList)).not.toContain("tokenHash");
    const all = await listApiTokens(admin, q);
    expect(all.rows.some((r) => r.id === mine.id)).toBe(true);
    await m.revokeApiToken(admin, mine.id);
    await expect(m.revokeApiToken(admin, mine.id)).rejects.toThrow(/already revoked/);
    await expect(listApiTokens(ciso, q)).rejects.toThrow();
  });
});
