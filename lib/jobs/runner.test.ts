// The scheduler with a controllable clock: a job runs once per slot, however many runners tick at once; failures are
// recorded and do not stop the other jobs; forced runs bypass the schedule.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { JobDefinition } from "./types";

let t: TestDb;
const calls: string[] = [];
let failNext = false;

// Two fake jobs replace the registry: a quarter-hourly counter and a daily one that can be made to fail.
vi.mock("./registry", async () => {
  const { daily, everyMinutes } = await import("./types");
  const JOBS: JobDefinition[] = [
    { name: "test.quarter", description: "", slot: everyMinutes(15), run: async ({ now }) => { calls.push(`quarter@${now.toISOString()}`); await new Promise((r) => setTimeout(r, 30)); return { ok: 1 }; } },
    { name: "test.daily", description: "", slot: (now) => (now.getUTCHours() >= 2 ? daily(now) : null), run: async () => { calls.push("daily"); if (failNext) { failNext = false; throw new Error("boom"); } return {}; } },
  ];
  return { JOBS, jobByName: (n: string) => JOBS.find((j) => j.name === n) };
});

beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => t?.cleanup());

const at = (iso: string) => new Date(iso);

describe(`job scheduler (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("runs each due job once per slot; a later tick in the same slot skips it", async () => {
    const { runDueJobs } = await import("./runner");
    const first = await runDueJobs({ now: at("2026-03-01T01:07:00Z") });
    // Before 02:00 the daily job is not due.
    expect(first.map((o) => [o.job, o.status, o.slot])).toEqual([["test.quarter", "ran", "2026-03-01T01:00"]]);
    const again = await runDueJobs({ now: at("2026-03-01T01:14:59Z") });
    expect(again.map((o) => o.status)).toEqual(["skipped"]);
    const next = await runDueJobs({ now: at("2026-03-01T02:15:00Z") });
    expect(next.map((o) => [o.job, o.status, o.slot])).toEqual([["test.quarter", "ran", "2026-03-01T02:15"], ["test.daily", "ran", "2026-03-01"]]);
  });

  it("lets several runners tick at once and still runs each job once", async () => {
    const { runDueJobs } = await import("./runner");
    calls.length = 0;
    const now = at("2026-03-02T03:00:00Z");
    const results = await Promise.all([runDueJobs({ now }), runDueJobs({ now }), runDueJobs({ now }), runDueJobs({ now })]);
    expect(calls.sort()).toEqual(["daily", `quarter@${now.toISOString()}`]);
    const ran = results.flat().filter((o) => o.status === "ran").map((o) => o.job).sort();
    expect(ran).toEqual(["test.daily", "test.quarter"]);
  });

  it("records a failure with its message, keeps going, and a forced run bypasses the schedule", async () => {
    const { db } = await import("../db");
    const { runDueJobs, forceJobs, UnknownJobError } = await import("./runner");
    failNext = true;
    const out = await runDueJobs({ now: at("2026-03-03T02:00:00Z") });
    expect(out.find((o) => o.job === "test.daily")).toMatchObject({ status: "failed", error: "boom" });
    const row = await db.jobRun.findFirstOrThrow({ where: { job: "test.daily", slot: "2026-03-03" } });
    expect(row).toMatchObject({ ok: false, error: "boom" });
    expect(row.finishedAt).not.toBeNull();
    const forced = await forceJobs(["test.daily"], null, at("2026-03-03T02:01:00Z"));
    expect(forced[0]).toMatchObject({ status: "ran", slot: "manual:2026-03-03T02:01:00.000Z" });
    await expect(forceJobs(["nope"], null)).rejects.toBeInstanceOf(UnknownJobError);
  });
});
