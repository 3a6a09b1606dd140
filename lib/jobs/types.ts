/** A periodic job: what the scheduler runs when its slot for `now` has not run yet. */
export interface JobDefinition {
  name: string;
  description: string;
  /**
   * The period `now` falls in ("2026-11-23" for a daily job, "2026-11-23T15:15" for a quarter-hourly one). A job runs
   * at most once per slot across every replica; null = not due at this moment (e.g. before the daily hour).
   */
  slot(now: Date): string | null;
  /** Does the work (idempotent, set-based) and returns a small summary recorded on the JobRun row. */
  run(ctx: { now: Date }): Promise<Record<string, unknown>>;
}

/** Slot helpers: whole UTC days, and fixed windows of N minutes. */
export const daily = (now: Date) => now.toISOString().slice(0, 10);
export const everyMinutes = (n: number) => (now: Date) => {
  const t = new Date(Math.floor(now.getTime() / (n * 60_000)) * n * 60_000);
  return t.toISOString().slice(0, 16);
};
