// Import benchmark (issue 4): generates Steward template CSVs and imports them through the CLI's code path.
//
//   npx tsx --conditions=react-server scripts/bench-import.ts [--rows 100000] [--pglite-rows 10000] [--pg URL]
//
// Reports, per database: identities/s of the import itself (parse + write, one transaction), the re-import of the
// same file (all unchanged), the rule run that follows an import (reported apart, not counted in the import figure),
// and the peak RSS of the process. Each run is a child process on a fresh database (a new database on the PostgreSQL
// server, a temporary PGlite directory), so memory figures are per import.
// Results are printed as a table and written to bench/results/import-<date>.json.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const KINDS = ["SERVICE_ACCOUNT", "API_KEY", "OAUTH_APP", "CI_CD_TOKEN", "BOT", "WORKLOAD_IDENTITY"];
const TYPES = ["ACCESS_KEY", "TOKEN", "CLIENT_SECRET", "SA_KEY"];
const ENVS = ["prod", "staging", "dev"];
const PRIVS = ["READ", "WRITE", "ADMIN"];

/** One row per identity with one credential and one entitlement: rows = identities. Streams to disk. */
export function writeGenericCsv(file: string, rows: number, seed = 1): void {
  const fd = fs.openSync(file, "w");
  const header = "source,external_id,name,kind,owner_email,environment,enabled,created_at,last_used_at,credential_id,credential_type,credential_created_at,credential_last_rotated_at,credential_expires_at,credential_last_used_at,entitlement_resource,entitlement_action,privilege\n";
  fs.writeSync(fd, header);
  let chunk = "";
  const day = 86_400_000;
  const base = Date.UTC(2024, 10, 1);
  for (let i = 0; i < rows; i++) {
    const h = (i * 2654435761 + seed) >>> 0;
    const created = new Date(base - (200 + (h % 1500)) * day).toISOString();
    const used = h % 5 === 0 ? "" : new Date(base - (h % 300) * day).toISOString();
    const rotated = new Date(base - (h % 700) * day).toISOString();
    const expires = h % 3 === 0 ? new Date(base + (h % 400) * day).toISOString() : "";
    chunk += `bench:estate,nhi-${i},svc-${i}-${(h % 9973).toString(36)},${KINDS[h % KINDS.length]},owner${h % 500}@bench.example,${ENVS[h % 3]},${h % 17 === 0 ? "false" : "true"},${created},${used},key-${i},${TYPES[h % TYPES.length]},${created},${rotated},${expires},${used},arn:aws:s3:::bucket-${h % 2000},s3:GetObject,${PRIVS[h % 3]}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = "";
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

interface ChildResult {
  db: string;
  rows: number;
  fileMb: number;
  first: { status: string; created: number; ms: number; parseMs: number; writeMs: number; perSecond: number };
  again: { status: string; unchanged: number; ms: number; perSecond: number };
  rulesMs: number;
  peakRssMb: number;
}

/** Runs in the child: one fresh database, import twice, rules once. */
async function child(file: string, rows: number): Promise<void> {
  const { migrate } = await import("../lib/db/migrate");
  await migrate();
  const { runImport } = await import("../lib/imports/pipeline");
  const { runRules } = await import("../lib/rules/engine");
  const { closeDb, dbKind } = await import("../lib/db");
  const actor = { id: null, email: "bench" };
  const input = { actor, format: "generic", files: [{ fileName: path.basename(file), path: file }] };
  const t0 = performance.now();
  const first = await runImport(input);
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  const rules = await runRules({ actor });
  const rulesMs = performance.now() - t1;
  void rules;
  const t2 = performance.now();
  const again = await runImport(input);
  const againMs = performance.now() - t2;
  await closeDb();
  const total = (s: typeof first) => s.identities.created + s.identities.updated + s.identities.unchanged;
  const out: ChildResult = {
    db: dbKind(),
    rows,
    fileMb: Math.round((fs.statSync(file).size / 1048576) * 10) / 10,
    first: {
      status: first.status,
      created: first.identities.created,
      ms: Math.round(firstMs),
      parseMs: first.timings.parseMs,
      writeMs: first.timings.writeMs,
      perSecond: Math.round(total(first) / (firstMs / 1000)),
    },
    again: { status: again.status, unchanged: again.identities.unchanged, ms: Math.round(againMs), perSecond: Math.round(total(again) / (againMs / 1000)) },
    rulesMs: Math.round(rulesMs),
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(`RESULT ${JSON.stringify(out)}`);
}

function runChild(file: string, rows: number, env: NodeJS.ProcessEnv): ChildResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", import.meta.filename, "--child", file, "--rows", String(rows)], {
    env: { ...env, NODE_ENV: "production" },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (r.status !== 0 || !line) throw new Error(`bench child failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice(7)) as ChildResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      "pglite-rows": { type: "string", default: "10000" },
      pg: { type: "string", default: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
      child: { type: "string" },
      "skip-pglite": { type: "boolean" },
      "skip-pg": { type: "boolean" },
      scale: { type: "string" },
    },
  });
  if (values.child) return child(values.child, Number(values.rows));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-bench-"));
  const results: ChildResult[] = [];
  try {
    const pgRows = Number(values.rows);
    const pgliteRows = Number(values["pglite-rows"]);
    const { createFreshDatabase, dropDatabase } = await import("../lib/testing/fresh-database");
    const base = { ...process.env };
    delete base.DATABASE_URL;
    if (!values["skip-pg"]) {
      // Memory must not grow with the file: the same import at a tenth of the size for comparison.
      const sizes = values.scale === "off" ? [pgRows] : [Math.round(pgRows / 10), pgRows];
      for (const rows of sizes) {
        const file = path.join(dir, `generic-${rows}.csv`);
        writeGenericCsv(file, rows);
        const { name, url } = await createFreshDatabase(values.pg!, "steward_bench_");
        try {
          results.push(runChild(file, rows, { ...base, DATABASE_URL: url }));
        } finally {
          await dropDatabase(values.pg!, name);
        }
      }
    }
    if (!values["skip-pglite"]) {
      const file = path.join(dir, `generic-${pgliteRows}.csv`);
      if (!fs.existsSync(file)) writeGenericCsv(file, pgliteRows);
      const dataDir = fs.mkdtempSync(path.join(dir, "pglite-"));
      results.push(runChild(file, pgliteRows, { ...base, STEWARD_DATA_DIR: dataDir }));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log("\ndb        rows     file MB  import s  identities/s  (parse s, write s)  re-import s (/s)  rules s  peak RSS MB");
  for (const r of results) {
    console.log(
      `${r.db.padEnd(9)}${String(r.rows).padStart(7)}${String(r.fileMb).padStart(11)}${(r.first.ms / 1000).toFixed(1).padStart(10)}${String(r.first.perSecond).padStart(14)}` +
        `  (${(r.first.parseMs / 1000).toFixed(1)}, ${(r.first.writeMs / 1000).toFixed(1)})`.padEnd(20) +
        `${(r.again.ms / 1000).toFixed(1).padStart(12)} (${r.again.perSecond})`.padEnd(18) +
        `${(r.rulesMs / 1000).toFixed(1).padStart(8)}${String(r.peakRssMb).padStart(13)}`,
    );
  }
  const outDir = path.resolve("bench/results");
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `import-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results }, null, 2) + "\n");
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

// Run only when executed (the CSV generator is imported by tests).
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
