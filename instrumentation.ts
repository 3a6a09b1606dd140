// Runs once when a Next server process starts: the scheduler's in-process tick (lib/jobs/ticker.ts), and the sweep of
// import uploads a stopped process left in the temp directory (lib/imports/upload-dirs.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobTicker } = await import("./lib/jobs/ticker");
  startJobTicker();
  const { sweepStaleUploads } = await import("./lib/imports/upload-dirs");
  void sweepStaleUploads();
}
