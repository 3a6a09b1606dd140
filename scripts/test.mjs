// `npm test`: typecheck, unit + data-layer tests (embedded PGlite), and when DATABASE_URL is set the migrations and
// data-layer tests against that PostgreSQL server too, then the Playwright end-to-end tests against a production
// build on a fresh database (embedded, or a new database on the DATABASE_URL server).
import { spawnSync } from "node:child_process";

const serverUrl = process.env.DATABASE_URL;
const withoutServer = { ...process.env };
delete withoutServer.DATABASE_URL;

// STEWARD_TEST_SERVER_ONLY=1 (with DATABASE_URL) skips the type check and the embedded run: CI's second pass uses it,
// the first pass having run both.
const serverOnly = Boolean(serverUrl) && process.env.STEWARD_TEST_SERVER_ONLY === "1";

const steps = [
  ...(serverOnly
    ? []
    : [
        ["typecheck", ["npx", "tsc", "--noEmit"], process.env],
        ["unit and data-layer tests (embedded PGlite)", ["npx", "vitest", "run"], withoutServer],
      ]),
  ...(serverUrl
    ? [
        ["migrations against DATABASE_URL", ["npx", "tsx", "--conditions=react-server", "scripts/steward.ts", "migrate"], process.env],
        ["data-layer tests against DATABASE_URL", ["npx", "vitest", "run", "lib"], process.env],
      ]
    : []),
  // STEWARD_TEST_SKIP_E2E=1 runs everything but the browser tests (CI's second pass, against PostgreSQL, uses it to
  // stay within its time budget; the first pass runs them on the embedded database).
  ...(process.env.STEWARD_TEST_SKIP_E2E === "1" ? [] : [["end-to-end tests (Playwright)", ["npx", "playwright", "test"], process.env]]),
];

const started = Date.now();
for (const [name, [cmd, ...args], env] of steps) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
  console.log(`--- ${name}: ok in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\nAll test steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
