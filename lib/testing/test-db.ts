// A fresh, migrated database for one test file: PGlite in a temporary directory by default, or a new database on
// the PostgreSQL server named by DATABASE_URL (so `npm test` with DATABASE_URL runs the data-layer tests there).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDb {
  kind: "pglite" | "postgres";
  cleanup: () => Promise<void>;
}

/** Call in beforeAll, before anything reads the environment or opens the database. */
export async function setupTestDb(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  const { migrate } = await import("../db/migrate");
  if (serverUrl) {
    const name = `steward_t_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    await migrate();
    return {
      kind: "postgres",
      cleanup: async () => {
        const { closeDb } = await import("../db");
        await closeDb();
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
        process.env.DATABASE_URL = serverUrl;
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-test-"));
  process.env.STEWARD_DATA_DIR = dir;
  await migrate();
  return {
    kind: "pglite",
    cleanup: async () => {
      const { closeDb } = await import("../db");
      await closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
