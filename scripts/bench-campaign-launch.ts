// Benchmark: launch a campaign over a large demo estate on PostgreSQL, then time review decisions and the close.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx --conditions=react-server scripts/bench-campaign-launch.ts [--identities 100000] [--keep] [--reuse DBNAME]
//
// Creates a fresh database on that server (dropped at the end unless --keep; --reuse runs again on a kept one,
// skipping the seed), seeds the demo estate with
// generateIdentityChunks (lib/seed), creates a campaign over the whole estate and launches it with the product's
// own launchCampaign. Then it runs 200 decision saves through decide() (the server side of a reviewer's click:
// one identity or access decision each) and reports p50/p95, and closes the campaign. Writes bench/campaign-launch.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createFreshDatabase, dropDatabase } from "../lib/testing/fresh-database";

const { values } = parseArgs({
  options: {
    identities: { type: "string", default: "100000" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
    out: { type: "string", default: "bench/campaign-launch.json" },
    // The database name prefix (shared servers: each engineer creates and drops only their own).
    prefix: { type: "string", default: "steward_bench_" },
  },
});
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error("Set DATABASE_URL to a PostgreSQL server (the benchmark creates and drops its own database there).");
  process.exit(2);
}
const identities = Number(values.identities);
const { name, url } = values.reuse
  ? { name: values.reuse, url: Object.assign(new URL(serverUrl), { pathname: `/${values.reuse}` }).toString() }
  : await createFreshDatabase(serverUrl, values.prefix);
process.env.DATABASE_URL = url;
console.log(`database ${name}`);

const { migrate } = await import("../lib/db/migrate");
const { db, closeDb } = await import("../lib/db");
const { seedDemo } = await import("../lib/seed");
const { createCampaign, launchCampaign, closeCampaign } = await import("../lib/campaigns/mutations");
const { decide } = await import("../lib/campaigns/decisions");
const { readSnapshot } = await import("../lib/campaigns/snapshot");
const { snapshotJson } = await import("../lib/campaigns/sql");

/**
 * CPU milliseconds the database's server processes have used (PostgreSQL on this machine only; 0 otherwise). With
 * wall time it separates the work itself from waiting for a busy machine's CPUs.
 */
async function pgCpuMs(): Promise<number> {
  const pids = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // not a local server
    }
  }
  return ticks * 10;
}

const time = async <T>(label: string, fn: () => Promise<T>) => {
  const cpu0 = await pgCpuMs();
  const t0 = performance.now();
  const out = await fn();
  const ms = Math.round(performance.now() - t0);
  const pgCpu = (await pgCpuMs()) - cpu0;
  console.log(`${label}: ${ms} ms (PostgreSQL CPU ${pgCpu} ms, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
  return { out, ms, pgCpu };
};

try {
  await migrate();
  const existing = await db.identity.count();
  const seeded = existing
    ? { out: { identities: existing, entitlements: await db.entitlement.count(), credentials: await db.credential.count() }, ms: 0 }
    : await time(`seed ${identities.toLocaleString("en-US")} NHIs`, () => seedDemo({ identities, seed: 42 }));
  if (existing) {
    await db.remediationTask.deleteMany({});
    await db.campaign.deleteMany({});
    await db.$executeRawUnsafe("VACUUM ANALYZE");
  }
  await db.$executeRawUnsafe("ANALYZE");
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@steward.local" }, select: { id: true, email: true, name: true, role: true } });
  const campaign = await createCampaign(admin, {
    name: "Benchmark: whole estate",
    scope: {},
    fallbackReviewerId: admin.id,
    dueAt: new Date(Date.now() + 30 * 86_400_000),
    noResponseOutcome: "REVOKE_UNUSED",
  });
  const launch = await time("launch", () => launchCampaign(admin, campaign.id));
  const size = await db.$queryRaw<{ bytes: bigint; avg: number }[]>`
    SELECT sum(pg_column_size(ri.*))::bigint AS bytes, avg(pg_column_size(ri.*))::float AS avg FROM "ReviewItem" ri WHERE "campaignId" = ${campaign.id}`;

  // Decision round trips: the busiest reviewer's items, one decision per save, as the inbox sends them.
  const [busiest] = await db.$queryRaw<{ reviewerId: string }[]>`
    SELECT "reviewerId" FROM "ReviewItem" WHERE "campaignId" = ${campaign.id} AND "reviewerId" IS NOT NULL AND part = 'ACCESS'
    GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
  const reviewer = await db.user.findUniqueOrThrow({ where: { id: busiest.reviewerId }, select: { id: true, email: true, name: true, role: true } });
  const items = await db.$queryRaw<{ id: string; snapshot: unknown }[]>`
    SELECT ri."id", ${snapshotJson("ri")} AS snapshot FROM "ReviewItem" ri
    WHERE ri."campaignId" = ${campaign.id} AND ri."reviewerId" = ${reviewer.id} AND ri.part = 'ACCESS' LIMIT 100`;
  const saves: { itemId: string; input: Parameters<typeof decide>[2] }[] = [];
  for (const it of items) {
    const s = readSnapshot(it.snapshot);
    const access = [
      ...s.entitlements.map((e) => ({ target: "ENTITLEMENT" as const, id: e.id, decision: e.suggested })),
      ...s.credentials.map((c) => ({ target: "CREDENTIAL" as const, id: c.id, decision: c.suggested })),
    ];
    saves.push({ itemId: it.id, input: { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }], purpose: "Benchmark: purpose confirmed by the owner." } });
    for (const a of access) saves.push({ itemId: it.id, input: { decisions: [a as never], comment: "Benchmark decision" } });
    if (saves.length >= 200) break;
  }
  const lat: number[] = [];
  for (const s of saves.slice(0, 200)) {
    const t0 = performance.now();
    await decide(reviewer, s.itemId, s.input);
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] * 10) / 10;
  console.log(`decisions: ${lat.length} saves, p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`);

  const close = await time("close (no-response outcome + remediation tasks)", () => closeCampaign(admin, campaign.id));

  // The same estate again with delta review: every NHI is compared with its last certification in the launch's SQL.
  const deltaCampaign = await createCampaign(admin, { name: "Benchmark: delta review", scope: {}, fallbackReviewerId: admin.id, dueAt: new Date(Date.now() + 30 * 86_400_000), deltaReview: true });
  const delta = await time("launch (delta review)", () => launchCampaign(admin, deltaCampaign.id));
  const result = {
    at: new Date().toISOString(),
    database: "postgresql",
    identities: seeded.out.identities,
    entitlements: seeded.out.entitlements,
    credentials: seeded.out.credentials,
    seedMs: seeded.ms,
    loadAverage: os.loadavg()[0],
    cpus: os.cpus().length,
    launch: { items: launch.out.items, ms: launch.ms, postgresCpuMs: launch.pgCpu, snapshotBytes: Number(size[0].bytes), avgSnapshotBytes: Math.round(size[0].avg) },
    decisions: { saves: lat.length, p50Ms: pct(50), p95Ms: pct(95), maxMs: pct(100) },
    close: { ms: close.ms, postgresCpuMs: close.pgCpu, noResponse: close.out.noResponse, remediationTasks: close.out.remediationTasks },
    deltaLaunch: { items: delta.out.items, carried: delta.out.carried, ms: delta.ms, postgresCpuMs: delta.pgCpu },
  };
  fs.mkdirSync(path.dirname(values.out), { recursive: true });
  fs.writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await closeDb();
  if (!values.keep && !values.reuse) await dropDatabase(serverUrl, name);
}
