import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

let t: TestDb;
let db: typeof import("../db").db;
let verifyAuditChain: typeof import("./verify").verifyAuditChain;
let runVerifyAudit: typeof import("../../scripts/commands/verify-audit").runVerifyAudit;

beforeAll(async () => {
  t = await setupTestDb();
  ({ db } = await import("../db"));
  ({ verifyAuditChain } = await import("./verify"));
  ({ runVerifyAudit } = await import("../../scripts/commands/verify-audit"));
  const { recordAuditStandalone, recordAuditMany } = await import("./log");
  for (let i = 0; i < 6; i++) {
    await recordAuditStandalone({ actor: { id: null, email: "a@test.local" }, action: "test.event", targetType: "Thing", targetId: `t${i}`, before: { n: i }, after: { n: i + 1 } });
  }
  await db.$transaction((tx) => recordAuditMany(tx, [1, 2, 3].map((i) => ({ actor: null, action: "test.batch", meta: { i } }))));
});
afterAll(async () => {
  await t?.cleanup();
});

/**
 * Tampering as the app cannot: the trigger is bypassed the way a superuser could (replica mode skips ordinary
 * triggers). Each test restores the row afterwards so the next one starts from an intact chain.
 */
async function asSuperuser(...statements: string[]) {
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    for (const s of statements) await tx.$executeRawUnsafe(s);
  });
}

async function rows() {
  return db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, id: true, hash: true, meta: true, at: true } });
}

/** Captures the CLI's output. */
async function cli(argv: string[]) {
  const lines: string[] = [];
  const code = await runVerifyAudit(argv, { log: (s) => lines.push(s), error: (s) => lines.push(s) });
  return { code, text: lines.join("\n") };
}

describe("audit log is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE from the application's connection", async () => {
    const [first] = await rows();
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'x' WHERE seq = ${first!.seq}`)).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.update({ where: { seq: first!.seq }, data: { action: "x" } })).rejects.toThrow();
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect((await rows()).length).toBe(9);
  });
});

describe("verify-audit", () => {
  it("passes on an intact chain and reports the head", async () => {
    const all = await rows();
    const r = await verifyAuditChain();
    expect(r).toMatchObject({ ok: true, checked: 9, broken: null });
    expect(r.head?.hash).toBe(all.at(-1)!.hash);
    const { code, text } = await cli([]);
    expect(code).toBe(0);
    expect(text).toContain("OK: 9 events");
  });

  it("names an edited row and exits 1", async () => {
    const target = (await rows())[3]!;
    await asSuperuser(`UPDATE "AuditEvent" SET "after" = '{"n": 999}' WHERE seq = ${target.seq}`);
    try {
      const r = await verifyAuditChain();
      expect(r.ok).toBe(false);
      expect(r.broken).toMatchObject({ kind: "edited", seq: String(target.seq), id: target.id });
      expect(r.checked).toBe(3);
      const { code, text } = await cli([]);
      expect(code).toBe(1);
      expect(text).toContain(`event seq ${target.seq} (id ${target.id}`);
      expect(text).toMatch(/edited/);
    } finally {
      await asSuperuser(`UPDATE "AuditEvent" SET "after" = '{"n": 4}' WHERE seq = ${target.seq}`);
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("catches a row rewritten together with a recomputed hash at the next row", async () => {
    const all = await rows();
    const target = all[2]!;
    const { auditHash } = await import("./hash");
    const full = await db.auditEvent.findUniqueOrThrow({ where: { seq: target.seq } });
    const forged = auditHash({ ...full, actorEmail: "mallory@test.local" });
    await asSuperuser(`UPDATE "AuditEvent" SET "actorEmail" = 'mallory@test.local', hash = '${forged}' WHERE seq = ${target.seq}`);
    try {
      const r = await verifyAuditChain();
      expect(r.broken).toMatchObject({ kind: "unlinked", seq: String(all[3]!.seq) });
      expect(r.broken!.reason).toContain(`seq ${target.seq}`);
    } finally {
      await asSuperuser(`UPDATE "AuditEvent" SET "actorEmail" = 'a@test.local', hash = '${target.hash}' WHERE seq = ${target.seq}`);
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("names the row after a removed one", async () => {
    const all = await rows();
    const removed = all[4]!;
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE seq = ${removed.seq}`);
    const r = await verifyAuditChain();
    expect(r.broken).toMatchObject({ kind: "unlinked", seq: String(all[5]!.seq) });
    expect(await db.auditEvent.count()).toBe(8);
    await restoreRow(removed.id);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("catches reordered rows", async () => {
    const all = await rows();
    const a = all[1]!;
    const b = all[2]!;
    // Swap the positions of two rows (seq is the chain order).
    await asSuperuser(
      `UPDATE "AuditEvent" SET seq = -1 WHERE seq = ${a.seq}`,
      `UPDATE "AuditEvent" SET seq = ${a.seq} WHERE seq = ${b.seq}`,
      `UPDATE "AuditEvent" SET seq = ${b.seq} WHERE seq = -1`,
    );
    try {
      const r = await verifyAuditChain();
      expect(r.broken).toMatchObject({ kind: "unlinked", seq: String(a.seq), id: b.id });
      const { code } = await cli([]);
      expect(code).toBe(1);
    } finally {
      await asSuperuser(
        `UPDATE "AuditEvent" SET seq = -1 WHERE seq = ${a.seq}`,
        `UPDATE "AuditEvent" SET seq = ${a.seq} WHERE seq = ${b.seq}`,
        `UPDATE "AuditEvent" SET seq = ${b.seq} WHERE seq = -1`,
      );
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("--from starts at a date but still checks the link into it", async () => {
    const all = await rows();
    const full = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(full.length).toBe(all.length);
    const r1 = await verifyAuditChain({ from: new Date(Date.now() + 86_400_000) });
    expect(r1).toMatchObject({ ok: true, checked: 0 });
    const r2 = await verifyAuditChain({ from: full[0]!.at });
    expect(r2).toMatchObject({ ok: true, checked: 9 });
    const { code, text } = await cli(["--from", "2000-01-01"]);
    expect(code).toBe(0);
    expect(text).toContain("from 2000-01-01");
    expect((await cli(["--from", "not-a-date"])).code).toBe(2);
  });

  it("--head fails when events at the end were removed", async () => {
    const all = await rows();
    const last = all.at(-1)!;
    expect((await cli(["--head", last.hash])).code).toBe(0);
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE seq = ${last.seq}`);
    try {
      // Without the noted head, a cut-off tail looks like a shorter intact chain...
      expect((await verifyAuditChain()).ok).toBe(true);
      // ...with it, the removal shows.
      const r = await verifyAuditChain({ expectHead: last.hash });
      expect(r.broken?.kind).toBe("head-missing");
      const { code, text } = await cli(["--head", last.hash]);
      expect(code).toBe(1);
      expect(text).toContain("no longer in the chain");
    } finally {
      await restoreRow(last.id);
    }
    expect((await verifyAuditChain({ expectHead: last.hash })).ok).toBe(true);
  });
});

// Rows removed in a test are rebuilt from a snapshot taken before the suite tampered with anything.
let snapshot: Awaited<ReturnType<typeof db.auditEvent.findMany>> | undefined;
beforeAll(async () => {
  snapshot = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
});

async function restoreRow(id: string) {
  const row = snapshot!.find((r) => r.id === id)!;
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
    await tx.auditEvent.create({
      data: {
        ...row,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
        meta: row.meta ?? undefined,
      },
    });
  });
}
