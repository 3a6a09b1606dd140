// PostgreSQL only (skipped without DATABASE_URL): two scheduler processes, as two app replicas or two cron hosts
// would be, run `steward jobs run` against one database at the same moment; every job runs in exactly one of them
// and leaves one JobRun row per slot.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";

let t: TestDb | undefined;
const pg = !!process.env.DATABASE_URL;

function runCli(url: string): Promise<{ job: string; slot: string; status: string }[]> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, STEWARD_JOBS_TICK_SECONDS: "0" };
    delete env.SMTP_URL;
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/steward.ts", "jobs", "run", "--json"], { env });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("close", (code) => {
      const line = out.trim().split("\n").findLast((l) => l.startsWith("["));
      if (!line) return reject(new Error(`jobs run exited ${code}: ${err || out}`));
      resolve(JSON.parse(line));
    });
  });
}

beforeAll(async () => {
  if (pg) t = await setupTestDb();
});
afterAll(async () => t?.cleanup());

describe.skipIf(!pg)("job scheduler across processes (postgres)", () => {
  it("two runner processes at once: each job runs once per slot", async () => {
    const url = process.env.DATABASE_URL!;
    const [a, b] = await Promise.all([runCli(url), runCli(url)]);
    const { JOBS } = await import("./registry");
    const ran = [...a, ...b].filter((o) => o.status !== "skipped");
    // Every job ran (or failed) in one of the two processes, and no (job, slot) ran twice.
    const keys = ran.map((o) => `${o.job}@${o.slot}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ran.map((o) => o.job))).toEqual(new Set(JOBS.map((j) => j.name)));
    expect(ran.every((o) => o.status === "ran")).toBe(true);
    const { db } = await import("../db");
    const rows = await db.jobRun.groupBy({ by: ["job", "slot"], _count: { _all: true } });
    expect(rows.every((r) => r._count._all === 1)).toBe(true);
    expect(rows.length).toBe(keys.length);
  });
});
