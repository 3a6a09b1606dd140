// A fresh, migrated database for one test file: PGlite in a temporary directory by default, or a new database on
// the PostgreSQL server named by DATABASE_URL (so `npm test` with DATABASE_URL runs the data-layer tests there).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFreshDatabase, dropDatabase } from "./fresh-database";

export interface TestDb {
  kind: "pglite" | "postgres";
  cleanup: () => Promise<void>;
}

/** Call in beforeAll, before anything reads the environment or opens the database. */
export async function setupTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  const { migrate } = await import("../db/migrate");
  if (serverUrl) {
    // A copy of the template the global setup migrated (lib/testing/global-setup.ts), else a migration run.
    const template = process.env.STEWARD_TEST_TEMPLATE_DB;
    const { name, url } = await createFreshDatabase(serverUrl, "steward_t_", { template });
    process.env.DATABASE_URL = url;
    if (!template) await migrate();
    return {
      kind: "postgres",
      cleanup: async () => {
        const { closeDb } = await import("../db");
        await closeDb();
        await dropDatabase(serverUrl, name);
        process.env.DATABASE_URL = serverUrl;
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-test-"));
  process.env.STEWARD_DATA_DIR = dir;
  const templateDir = process.env.STEWARD_TEST_TEMPLATE_DIR;
  if (templateDir) fs.cpSync(templateDir, dir, { recursive: true });
  else await migrate();
  return {
    kind: "pglite",
    cleanup: async () => {
      const { closeDb } = await import("../db");
      await closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
