// Shared definitions of "unused" and "old", used by pages, API, CLI and the seed alike.
export const UNUSED_WINDOW_DAYS = 90;
/** An owner re-confirms an NHI's purpose at least this often. */
export const PURPOSE_REVIEW_DAYS = 365;
const DAY_MS = 86_400_000;

export function daysAgo(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** An entitlement (or NHI) is unused when it has not been used within the policy window. */
export function isUnused(lastUsedAt: Date | null | undefined, now: Date = new Date(), windowDays = UNUSED_WINDOW_DAYS): boolean {
  return !lastUsedAt || lastUsedAt < daysAgo(windowDays, now);
}

export function credentialAgeDays(c: { createdAt: Date; lastRotatedAt: Date | null }, now: Date = new Date()): number {
  const since = c.lastRotatedAt ?? c.createdAt;
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

/** The purpose was never confirmed, or not within the review period. */
export function isPurposeStale(purposeConfirmedAt: Date | null | undefined, now: Date = new Date()): boolean {
  return !purposeConfirmedAt || purposeConfirmedAt < daysAgo(PURPOSE_REVIEW_DAYS, now);
}
