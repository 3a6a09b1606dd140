/** A job run's summary in words for the Jobs page: "campaigns: 1 · reminders: 2" (nested values as JSON). */
export function summaryText(summary: Record<string, unknown>): string {
  return Object.entries(summary)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}
