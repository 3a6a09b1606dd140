// "A file is imported whole or not at all": a failure half-way through a multi-batch import (here the database
// refusing the second batch of entitlements) rolls everything back and leaves a FAILED job with a message that
// shows no internals.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

let calls = 0;
vi.mock("./sql", async (importOriginal) => {
  const real = await importOriginal<typeof import("./sql")>();
  return {
    ...real,
    upsertEntitlements: (...args: Parameters<typeof real.upsertEntitlements>) => {
      calls++;
      if (calls === 2) throw new Error('duplicate key value violates unique constraint "Entitlement_pkey" (simulated)');
      return real.upsertEntitlements(...args);
    },
  };
});

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t?.cleanup();
});

describe("one transaction per import", () => {
  it("a failure in the second batch leaves nothing of the first", async () => {
    const { runImport } = await import("./pipeline");
    const { db } = await import("../db");
    const rows = ["source,external_id,name,kind,entitlement_resource,entitlement_action,privilege"];
    for (let i = 0; i < 30; i++) rows.push(`manual:atomic,svc-${i},svc ${i},SERVICE_ACCOUNT,db:orders,read,READ`);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const err = await runImport({ actor: { id: null, email: "test" }, format: "generic", fileName: "big.csv", buffer: rows.join("\n"), batchSize: 10 }).catch((e) => e);
    errors.mockRestore();
    expect(calls).toBe(2);
    expect(err).toBeInstanceOf(Error);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: err.jobId } });
    expect(job.status).toBe("FAILED");
    expect((job.errors as { message: string }[])[0].message).toMatch(/internal error; nothing was written/);
    expect(JSON.stringify(job.errors)).not.toMatch(/Entitlement_pkey/);
    expect(await db.identity.count()).toBe(0);
    expect(await db.credential.count()).toBe(0);
    expect(await db.importChange.count()).toBe(0);
    expect(await db.source.count({ where: { key: "manual:atomic" } })).toBe(0);
  });
});
