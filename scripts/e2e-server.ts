// The server behind the Playwright tests: a production build on a FRESH database (a temporary embedded one, or a
// new database on the server in DATABASE_URL), seeded with a small demo estate plus uniquely named e2e fixtures
// whose ids are written to e2e/.fixtures.json for the specs.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import pg from "pg";

const require = createRequire(import.meta.url);
const NEXT_BIN = require.resolve("next/dist/bin/next");
const port = process.env.PORT ?? "3100";

if (process.env.DATABASE_URL) {
  const serverUrl = process.env.DATABASE_URL;
  const name = `steward_e2e_${crypto.randomBytes(5).toString("hex")}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  // Databases of earlier runs (Playwright kills this server without a chance to clean up): drop the idle ones.
  const stale = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'steward_e2e_%'");
  for (const { datname } of stale.rows) await c.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  console.log(`e2e database: ${name}`);
} else {
  process.env.STEWARD_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "steward-e2e-"));
  console.log(`e2e data dir: ${process.env.STEWARD_DATA_DIR}`);
}

const { buildIfNeeded } = await import("./commands/start");
buildIfNeeded();

const { migrate } = await import("../lib/db/migrate");
const { createE2eFixtures } = await import("../e2e/fixtures/create");
const { seedEmbeddedDemo } = await import("./commands/seed");
const { closeDb } = await import("../lib/db");
const { authSecret } = await import("../lib/auth/secret");
await migrate();
await seedEmbeddedDemo({ identities: Number(process.env.E2E_IDENTITIES ?? 600), seed: 7, log: console.log });
const fixtures = await createE2eFixtures();
fs.writeFileSync("e2e/.fixtures.json", JSON.stringify(fixtures, null, 2));
await closeDb();

const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  env: { ...process.env, NEXTAUTH_SECRET: authSecret(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
