// Vitest global setup: migrate ONE template database before the test files start, so each file's fresh database is
// a copy of it (a directory copy for PGlite, CREATE DATABASE .. TEMPLATE on PostgreSQL) instead of a full migration
// run per file through the WebAssembly schema engine. Forked test workers inherit the env vars set here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFreshDatabase, dropDatabase } from "./fresh-database";

export async function setup() {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const { name, url } = await createFreshDatabase(serverUrl, "steward_tpl_");
    await migrateAndClose({ DATABASE_URL: url });
    process.env.STEWARD_TEST_TEMPLATE_DB = name;
    return async () => dropDatabase(serverUrl, name);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-tpl-"));
  await migrateAndClose({ STEWARD_DATA_DIR: dir });
  process.env.STEWARD_TEST_TEMPLATE_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/** Migrates in a child process: this process must not keep the database (or its env) for the workers. */
async function migrateAndClose(extra: Record<string, string>) {
  const { spawnSync } = await import("node:child_process");
  const env = { ...process.env, ...extra };
  if (!extra.DATABASE_URL) delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/steward.ts", "migrate"], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`template migration failed: ${r.stderr || r.stdout}`);
}
