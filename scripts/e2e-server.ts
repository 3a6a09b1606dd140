// The server behind the Playwright tests: a production build on a FRESH database (a temporary embedded one, or a
// new database on the server in DATABASE_URL), seeded with a small demo estate plus uniquely named e2e fixtures
// whose ids are written to e2e/.fixtures.json for the specs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = process.env.PORT ?? "3100";

if (process.env.DATABASE_URL) {
  const { createFreshDatabase } = await import("../lib/testing/fresh-database");
  // Playwright kills this server without a chance to clean up: drop the idle databases of earlier runs first.
  const { name, url } = await createFreshDatabase(process.env.DATABASE_URL, "steward_e2e_", { dropIdle: true });
  process.env.DATABASE_URL = url;
  console.log(`e2e database: ${name}`);
} else {
  process.env.STEWARD_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "steward-e2e-"));
  console.log(`e2e data dir: ${process.env.STEWARD_DATA_DIR}`);
}

const { buildIfNeeded, startNextServer } = await import("./commands/start");
buildIfNeeded();

const { migrate } = await import("../lib/db/migrate");
const { createE2eFixtures } = await import("../e2e/fixtures/create");
const { seedDemoEstate } = await import("./commands/seed");
const { closeDb } = await import("../lib/db");
await migrate();
await seedDemoEstate({ identities: Number(process.env.E2E_IDENTITIES ?? 600), seed: 7, log: console.log });
const fixtures = await createE2eFixtures();
fs.writeFileSync("e2e/.fixtures.json", JSON.stringify(fixtures, null, 2));
await closeDb();

// No in-process job tick: specs must not race a scheduled rule run; the scheduler has its own tests.
const child = startNextServer({ port, host: "127.0.0.1", env: { STEWARD_JOBS_TICK_SECONDS: "0" } });
child.on("exit", (code) => process.exit(code ?? 0));
