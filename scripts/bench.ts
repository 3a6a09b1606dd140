// `npm run bench -- [--identities N] [--runs R] [--json] [--only id,id] [--keep] [--database URL]`
// Builds a fresh estate of N NHIs (lib/seed generator, COPY) on the PostgreSQL server of DATABASE_URL, then times
// each scenario of scripts/bench/scenarios.ts: the app path (lib/ functions) beside the best hand-written SQL.
// Prints a table (or JSON) and writes bench/results/<timestamp>-<N>.json with the machine it ran on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createFreshDatabase, dropDatabase } from "../lib/testing/fresh-database";
import { checkTargets, formatTable, machineInfo, stats, type ScenarioResult } from "./bench/report";
import type { BenchContext, RawSql, Scenario } from "./bench/types";
import type { Viewer } from "../lib/auth/permissions";

const USAGE = `usage: npm run bench -- [--identities N] [--runs R] [--seed S] [--only id,id] [--json] [--keep] [--database URL]
  --identities  NHIs in the generated estate (default 5000; over 50,000 needs PostgreSQL: DATABASE_URL)
  --runs        measured runs per read scenario (default 20); p50/p95 are over these
  --only        scenario ids (or prefixes) to run, comma-separated
  --skip        scenario ids (or prefixes) not to run, comma-separated
  --json        print the results as JSON instead of the table
  --keep        keep the benchmark database afterwards (prints its URL; reuse it with --database)
  --database    run against an already loaded benchmark database (skips generating the estate)`;

const PGLITE_MAX = 50_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      identities: { type: "string", default: "5000" },
      runs: { type: "string", default: "20" },
      seed: { type: "string", default: "42" },
      only: { type: "string" },
      skip: { type: "string" },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      database: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const n = Number(values.identities);
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (!Number.isInteger(n) || n < 100 || n > 2_000_000) return usage("--identities must be a whole number from 100 to 2,000,000");
  if (!Number.isInteger(runs) || runs < 1 || runs > 1000) return usage("--runs must be a whole number from 1 to 1,000");
  // Progress goes to stderr so that --json output stays machine-readable.
  const log = (line: string) => console.error(line);

  const server = process.env.DATABASE_URL?.trim();
  if (!server && n > PGLITE_MAX) {
    return usage(`${n.toLocaleString("en")} NHIs need PostgreSQL: set DATABASE_URL (the embedded PGlite is single-process and limited to ${PGLITE_MAX.toLocaleString("en")} here).`);
  }
  let dbName: string | null = null;
  let tmpDataDir: string | null = null;
  const reuse = Boolean(values.database);
  if (server) {
    if (values.database) process.env.DATABASE_URL = values.database;
    else {
      const fresh = await createFreshDatabase(server, "steward_perf_");
      dbName = fresh.name;
      process.env.DATABASE_URL = fresh.url;
    }
  } else {
    if (values.database) return usage("--database needs DATABASE_URL (PostgreSQL)");
    tmpDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-"));
    process.env.STEWARD_DATA_DIR = tmpDataDir;
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-files-"));
  // lib/ reads the environment once, on first use: only import it now that DATABASE_URL names the bench database.
  const { migrate } = await import("../lib/db/migrate");
  const { db, closeDb } = await import("../lib/db");
  const pool = server ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : null;
  const raw: RawSql = pool
    ? { query: (text, params) => pool.query(text, params as unknown[]) }
    : {
        query: async (text, params = []) => {
          const rows = await db.$queryRawUnsafe<unknown[]>(text, ...params);
          return { rows, rowCount: rows.length };
        },
      };
  try {
    const started = new Date();
    await migrate();
    let load: Record<string, unknown> | null = null;
    if (!reuse) load = await buildEstate({ n, seed, now: started, pool, raw, log });
    const results = await runScenarios({ n, runs, raw, tmpDir, log, only: list(values.only), skip: list(values.skip) });

    const version = (await raw.query("SHOW server_version")).rows[0]?.server_version ?? "unknown";
    const settings = server
      ? Object.fromEntries(((await raw.query(`SELECT name, current_setting(name) AS value FROM pg_settings
          WHERE name IN ('shared_buffers', 'huge_pages', 'max_wal_size', 'wal_compression', 'work_mem', 'max_parallel_workers_per_gather')`)).rows as { name: string; value: string }[]).map((r) => [r.name, r.value]))
      : {};
    const actualN = (await raw.query(`SELECT count(*)::int AS n FROM "Identity"`)).rows[0]?.n ?? n;
    const report = {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      identities: actualN,
      runs,
      machine: { ...machineInfo(String(version), server ? "postgres" : "pglite", settings), note: process.env.BENCH_NOTE ?? null },
      load,
      scenarios: results,
    };
    const dir = path.resolve("bench/results");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${started.toISOString().replace(/[:.]/g, "-")}-${actualN}.json`);
    fs.writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`\nSteward benchmark: ${actualN.toLocaleString("en")} NHIs, ${report.machine.cpus} CPUs, ${report.machine.memoryGb} GB, PostgreSQL ${version}, Node ${process.version}`);
      if (load) console.log(`Load: ${JSON.stringify(load)}`);
      console.log(formatTable(results));
    }
    log(`Results: ${path.relative(process.cwd(), file)}`);
    if (values.keep && dbName) log(`Kept the benchmark database: ${process.env.DATABASE_URL}`);
    return 0;
  } finally {
    await pool?.end();
    await closeDb();
    if (dbName && server && !values.keep) await dropDatabase(server, dbName).catch((e) => log(`could not drop ${dbName}: ${e}`));
    if (tmpDataDir) fs.rmSync(tmpDataDir, { recursive: true, force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

const list = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter(Boolean);

function usage(msg: string): number {
  console.error(`steward bench: ${msg}\n${USAGE}`);
  return 2;
}

async function buildEstate({ n, seed, now, pool, raw, log }: { n: number; seed: number; now: Date; pool: pg.Pool | null; raw: RawSql; log: (l: string) => void }) {
  const { runRules } = await import("../lib/rules/engine");
  const { loadEstate, writeSnapshots } = await import("./bench/estate");
  log(`Generating ${n.toLocaleString("en")} NHIs…`);
  const t0 = performance.now();
  let load: Record<string, unknown>;
  if (pool) {
    const client = await pool.connect();
    try {
      load = { method: "COPY", ...(await loadEstate(client, { identities: n, seed, now, log })) };
    } finally {
      client.release();
    }
  } else {
    // PGlite: the seed's own bulk path (one JSON parameter per 5,000 rows).
    const { seedDemo } = await import("../lib/seed");
    const s = await seedDemo({ identities: n, seed, now });
    load = { method: "json_populate_recordset", identities: s.identities, credentials: s.credentials, entitlements: s.entitlements, seconds: { copy: s.ms / 1000 } };
  }
  const seconds = load.seconds as Record<string, number>;
  const loadedRows = Number(load.identities) + Number(load.credentials) + Number(load.entitlements);
  load.rowsPerSec = Math.round(loadedRows / (seconds.copy ?? 1));
  log(`Loaded ${loadedRows.toLocaleString("en")} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; running the rules…`);
  let t = performance.now();
  const rules = await runRules({ actor: null, now });
  seconds.rules = (performance.now() - t) / 1000;
  load.findings = rules.totals.open;
  t = performance.now();
  load.snapshots = await writeSnapshots(raw, now);
  seconds.snapshots = (performance.now() - t) / 1000;
  t = performance.now();
  // As autovacuum would have by the time anyone reads: the rule run just rewrote every identity row, and index-only
  // scans need the visibility map.
  await raw.query("VACUUM ANALYZE");
  seconds.analyze = (performance.now() - t) / 1000;
  for (const k of Object.keys(seconds)) seconds[k] = Math.round(seconds[k]! * 10) / 10;
  log(`Estate ready: ${JSON.stringify(load)}`);
  return load;
}

async function runScenarios({ n, runs, raw, tmpDir, log, only, skip }: { n: number; runs: number; raw: RawSql; tmpDir: string; log: (l: string) => void; only?: string[]; skip?: string[] }) {
  const { SCENARIOS } = await import("./bench/scenarios");
  const users = await raw.query(`SELECT id, email, name, role FROM "User" WHERE email IN ('admin@steward.local', 'owner@steward.local')`);
  const byEmail = new Map<string, Viewer>(users.rows.map((u: Viewer) => [u.email, u]));
  const admin = byEmail.get("admin@steward.local");
  const owner = byEmail.get("owner@steward.local");
  if (!admin || !owner) throw new Error("The benchmark estate has no demo admin/owner: was it generated by this script?");
  const sample = await raw.query(`SELECT id FROM "Identity" ORDER BY md5(id) LIMIT 100`);
  const ctx: BenchContext = {
    n: (await raw.query(`SELECT count(*)::int AS n FROM "Identity"`)).rows[0].n ?? n,
    now: new Date(),
    admin,
    owner,
    raw,
    sampleIdentityIds: sample.rows.map((r: { id: string }) => r.id),
    tmpDir,
    log,
  };
  const matches = (s: Scenario, ids: string[]) => ids.some((o) => s.id === o || s.id.startsWith(o));
  const selected = SCENARIOS.filter((s) => (!only?.length || matches(s, only)) && !(skip?.length && matches(s, skip)));
  const results: ScenarioResult[] = [];
  for (const s of selected) {
    log(`• ${s.id}`);
    results.push(await measure(s, ctx, runs));
  }
  return results;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Warm-up, then app and raw runs interleaved so that noise from a shared machine hits both sides alike. */
async function measure(s: Scenario, ctx: BenchContext, defaultRuns: number): Promise<ScenarioResult> {
  const skip = s.skip?.(ctx);
  const base = { id: s.id, title: s.title, targets: s.targets ?? null };
  if (skip) return { ...base, app: stats([]), raw: null, ratio: null, rate: null, misses: [], skipped: skip };
  await s.setup?.(ctx);
  const runs = s.runs ?? defaultRuns;
  for (let i = 0; i < (s.warmup ?? 2); i++) {
    await s.before?.(ctx, "app", i);
    await s.app(ctx, i);
    await s.after?.(ctx, "app", i);
    if (s.raw) {
      await s.before?.(ctx, "raw", i);
      await s.raw(ctx, i);
      await s.after?.(ctx, "raw", i);
    }
  }
  const app: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < runs; i++) {
    await s.before?.(ctx, "app", i);
    app.push(await timed(() => s.app(ctx, i)));
    await s.after?.(ctx, "app", i);
    if (s.raw) {
      await s.before?.(ctx, "raw", i);
      raw.push(await timed(() => s.raw!(ctx, i)));
      await s.after?.(ctx, "raw", i);
    }
  }
  await s.teardown?.(ctx);
  const a = stats(app);
  const r = s.raw ? stats(raw) : null;
  const ratio = r && r.p95 > 0 ? Math.round((a.p95 / r.p95) * 10) / 10 : null;
  const units = typeof s.units === "function" ? s.units(ctx) : s.units;
  const rate = units ? { perSec: Math.round(units / (a.p50 / 1000)), unit: s.unitName ?? "units" } : null;
  return { ...base, app: a, raw: r, ratio, rate, misses: checkTargets(s.targets, a, ratio, rate?.perSec ?? null) };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
