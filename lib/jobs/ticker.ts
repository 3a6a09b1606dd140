// The in-process scheduler tick of a server: every STEWARD_JOBS_TICK_SECONDS (default 300; 0 = off), runDueJobs.
// Every replica ticks; the slot claim in runner.ts makes each job run once. Ticks never overlap in one process.
import { env } from "../env";
import { runDueJobs } from "./runner";

let started = false;

export function startJobTicker(): void {
  const seconds = env().STEWARD_JOBS_TICK_SECONDS;
  if (started || seconds === 0) return;
  started = true;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const ran = (await runDueJobs()).filter((o) => o.status !== "skipped");
      for (const o of ran) console.log(JSON.stringify({ level: o.status === "failed" ? "error" : "info", msg: "job", ...o, time: new Date().toISOString() }));
    } catch (err) {
      console.error("job tick failed", err);
    } finally {
      running = false;
    }
  };
  // First tick shortly after start (not during it), then on the interval; unref so it never holds the process open.
  setTimeout(tick, Math.min(seconds, 30) * 1000).unref();
  setInterval(tick, seconds * 1000).unref();
}
