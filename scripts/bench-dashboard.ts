// Dashboard benchmark on PostgreSQL: builds an estate of N NHIs (lib/seed generateIdentityChunks via seedDemo) in a
// fresh database, runs the risk rules (so findings exist), then reports
//   - the daily snapshot job (writeDailySnapshot) in seconds, and
//   - the dashboard's data (getPostureDashboard, 365-day range, whole estate and one team) in ms, p50/p95,
// over a year of history (the demo back-fill, so the dashboard reads as many snapshot rows as after a real year).
// Usage: npx tsx --conditions=react-server scripts/bench-dashboard.ts [--identities 500000] [--runs 30]
//        [--database postgresql://postgres@127.0.0.1:5432/postgres] [--no-rules] [--keep]
// Results: printed, and written to bench/dashboard-<N>.json.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createFreshDatabase, dropDatabase } from "../lib/testing/fresh-database";

const { values } = parseArgs({
  options: {
    identities: { type: "string", default: "100000" },
    runs: { type: "string", default: "30" },
    database: { type: "string", default: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    "no-rules": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
  strict: true,
});
const identities = Number(values.identities);
const runs = Number(values.runs);
const serverUrl = values.database!;

const { name, url } = await createFreshDatabase(serverUrl, "steward_bench_dash_");
process.env.DATABASE_URL = url;
console.log(`database ${name}; ${identities.toLocaleString("en-US")} NHIs`);

const { migrate } = await import("../lib/db/migrate");
const { db, closeDb } = await import("../lib/db");
const { seedDemo } = await import("../lib/seed");
const { runRules } = await import("../lib/rules/engine");
const { writeDailySnapshot } = await import("../lib/posture/snapshot");
const { backfillPostureHistory } = await import("../lib/posture/backfill");
const { getPostureDashboard } = await import("../lib/posture/queries");

const secs = (ms: number) => Math.round(ms / 100) / 10;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

try {
  await migrate();
  let t = performance.now();
  const seed = await seedDemo({ identities, onProgress: (d, n) => d % 20_000 === 0 && console.log(`  seeded ${d}/${n}`) });
  console.log(`seed: ${secs(performance.now() - t)} s (${seed.credentials} credentials, ${seed.entitlements} entitlements)`);
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  if (!values["no-rules"]) {
    t = performance.now();
    const r = await runRules({ actor: null });
    console.log(`rules: ${secs(performance.now() - t)} s (${r.totals.open} open findings)`);
  }

  // The snapshot job: three runs of today's snapshot (each rewrites the day).
  const snapshotMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await writeDailySnapshot();
    snapshotMs.push(s.ms);
    console.log(`snapshot run ${i + 1}: ${secs(s.ms)} s (${s.rows} rows)`);
  }
  t = performance.now();
  const history = await backfillPostureHistory({ days: 365 });
  console.log(`history: ${history.rows} rows for 365 days in ${secs(performance.now() - t)} s`);
  await db.$executeRawUnsafe(`ANALYZE "PostureSnapshot"`);
  const snapshotRows = await db.postureSnapshot.count();

  const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" }, select: { id: true, email: true, name: true, role: true } });
  const team = await db.team.findFirstOrThrow({ select: { id: true }, orderBy: { name: "asc" } });
  const measure = async (label: string, f: Parameters<typeof getPostureDashboard>[1]) => {
    await getPostureDashboard(admin, f); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await getPostureDashboard(admin, f);
      ms.push(performance.now() - t0);
    }
    const out = { label, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.round(Math.max(...ms)) };
    console.log(`dashboard data (${label}): p50 ${out.p50} ms, p95 ${out.p95} ms, max ${out.max} ms`);
    return out;
  };
  const dashboard = [
    await measure("365 days, whole estate", { range: 365 }),
    await measure("90 days, whole estate", { range: 90 }),
    await measure("365 days, one team", { range: 365, team: team.id }),
  ];
  const result = {
    at: new Date().toISOString(),
    database: "postgresql",
    identities,
    credentials: seed.credentials,
    entitlements: seed.entitlements,
    snapshotRows,
    snapshotJobSeconds: { runs: snapshotMs.map(secs), median: secs(pct(snapshotMs, 50)) },
    dashboardMs: dashboard,
    runs,
    loadAverage: (await import("node:os")).loadavg().map((x) => Math.round(x * 10) / 10),
  };
  fs.mkdirSync("bench", { recursive: true });
  fs.writeFileSync(`bench/dashboard-${identities}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
} finally {
  await closeDb();
  if (!values.keep) await dropDatabase(serverUrl, name);
}
