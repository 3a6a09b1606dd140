import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { checkReadiness, markDraining, migrationNamesOnDisk } from "./readiness";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

describe("checkReadiness", () => {
  it("is ready on a migrated database, counting the migrations on disk", async () => {
    const r = await checkReadiness();
    expect(r).toEqual({ ready: true, migrations: migrationNamesOnDisk().length });
    expect(migrationNamesOnDisk().length).toBeGreaterThan(0);
  });

  it("names the migrations on disk that the database has not applied", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-migrations-"));
    for (const name of [...migrationNamesOnDisk(), "29991231000000_future"]) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "migration.sql"), "SELECT 1;");
    }
    const r = await checkReadiness(dir);
    expect(r).toMatchObject({ ready: false, reason: "migrations_pending", pending: ["29991231000000_future"] });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fails at once while the process drains for shutdown", async () => {
    markDraining();
    expect(await checkReadiness()).toMatchObject({ ready: false, reason: "shutting_down" });
    (globalThis as { __stewardDraining?: boolean }).__stewardDraining = false;
  });
});
