// Runs once when a Next server process starts: the scheduler's in-process tick (lib/jobs/ticker.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobTicker } = await import("./lib/jobs/ticker");
  startJobTicker();
}
