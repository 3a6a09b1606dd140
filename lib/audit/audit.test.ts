import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { auditHash, canonicalJson, GENESIS_HASH } from "./hash";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

describe("audit chain", () => {
  it("canonical JSON ignores key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it("chains each event to the previous one, also under concurrent writers", async () => {
    const { recordAuditStandalone } = await import("./log");
    const { db } = await import("../db");
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => recordAuditStandalone({ actor: null, action: "test.event", meta: { i } })),
    );
    const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.length).toBe(8);
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      expect(auditHash({ ...e, before: e.before, after: e.after, meta: e.meta })).toBe(e.hash);
      prev = e.hash;
    }
  });
});
