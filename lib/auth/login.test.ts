import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

// options.ts signs with authSecret() when loaded; without this it would create one in ./.steward on PostgreSQL runs.
process.env.NEXTAUTH_SECRET ??= "login-test-secret-0123456789abcdef";

let t: TestDb;
let db: typeof import("../db").db;
let authorize: typeof import("./options").authorizeCredentials;
const PASSWORD = "correct-horse-battery";

beforeAll(async () => {
  t = await setupTestDb();
  ({ db } = await import("../db"));
  ({ authorizeCredentials: authorize } = await import("./options"));
});
afterAll(async () => {
  await t?.cleanup();
});

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

async function user(email: string) {
  const { createUser } = await import("../users/mutations");
  return createUser(null, { email, name: email, role: "OWNER", password: PASSWORD });
}

describe("sign-in lockout with backoff", () => {
  it("locks after five failures, refuses even the right password while locked, and doubles the lock", async () => {
    const u = await user("lock@test.local");
    for (let i = 0; i < 4; i++) expect(await authorize({ email: u.email, password: "wrong" }, from("198.51.100.1"))).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).lockedUntil).toBeNull();
    expect(await authorize({ email: u.email, password: "wrong" }, from("198.51.100.1"))).toBeNull();
    const locked = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(locked.failedLogins).toBe(5);
    const lockMs = locked.lockedUntil!.getTime() - Date.now();
    expect(lockMs).toBeGreaterThan(25_000);
    expect(lockMs).toBeLessThanOrEqual(30_000);

    expect(await authorize({ email: u.email, password: PASSWORD }, from("198.51.100.1"))).toBeNull();
    const lockedEvent = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.signin.locked", targetId: u.id } });
    expect(lockedEvent.meta).toMatchObject({ ip: "198.51.100.1" });

    // The lock runs out; one more failure locks twice as long.
    await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await authorize({ email: u.email, password: "wrong" }, from("198.51.100.1"))).toBeNull();
    const again = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(again.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(55_000);

    await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await authorize({ email: u.email, password: PASSWORD }, from("198.51.100.1"))).toMatchObject({ id: u.id });
    const reset = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(reset).toMatchObject({ failedLogins: 0, lockedUntil: null });
    const failures = await db.auditEvent.count({ where: { action: "auth.signin.failure", targetId: u.id } });
    expect(failures).toBe(6);
    expect(await db.auditEvent.count({ where: { action: "auth.signin.success", targetId: u.id } })).toBe(1);
  });

  it("audits failures for unknown e-mails without revealing them, and never stores the password tried", async () => {
    expect(await authorize({ email: "ghost@test.local", password: "Pa55-sekrit-guess" }, from("198.51.100.2"))).toBeNull();
    const ev = await db.auditEvent.findFirstOrThrow({ where: { action: "auth.signin.failure", actorEmail: "ghost@test.local" } });
    expect(ev.meta).toMatchObject({ reason: "unknown-user" });
    const dump = JSON.stringify(await db.$queryRawUnsafe(`SELECT row_to_json(a) FROM "AuditEvent" a`));
    expect(dump).not.toContain("Pa55-sekrit-guess");
    expect(dump).not.toContain(PASSWORD);
  });
});

describe("per-address throttle", () => {
  it("refuses an address after 30 failures in the window, even with a correct password; other addresses still work", async () => {
    const u = await user("spray@test.local");
    const { IP_FAILURE_LIMIT } = await import("./lockout");
    // Spraying many accounts (unknown ones here) from one address.
    for (let i = 0; i < IP_FAILURE_LIMIT; i++) await authorize({ email: `nobody${i}@test.local`, password: "x" }, from("192.0.2.66"));
    expect(await authorize({ email: u.email, password: PASSWORD }, from("192.0.2.66"))).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "auth.signin.throttled" } })).toBe(1);
    expect(await authorize({ email: u.email, password: PASSWORD }, from("192.0.2.67"))).toMatchObject({ id: u.id });
  }, 120_000);
});

describe("NEXTAUTH_SECRET", () => {
  it("is required in production and generated for dev/demo", async () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET };
    try {
      delete process.env.NEXTAUTH_SECRET;
      vi.stubEnv("NODE_ENV", "production");
      vi.resetModules();
      const prod = await import("./secret");
      expect(() => prod.authSecret()).toThrow(prod.MissingSecretError);
      vi.stubEnv("NODE_ENV", "development");
      // The generated secret is kept in the data directory: a temporary one, on PostgreSQL runs too.
      vi.stubEnv("STEWARD_DATA_DIR", fs.mkdtempSync(path.join(os.tmpdir(), "steward-secret-")));
      vi.resetModules();
      const dev = await import("./secret");
      expect(dev.authSecret()).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    } finally {
      vi.unstubAllEnvs();
      if (saved.NEXTAUTH_SECRET !== undefined) process.env.NEXTAUTH_SECRET = saved.NEXTAUTH_SECRET;
      vi.resetModules();
    }
  });
});
