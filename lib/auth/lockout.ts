// Lockout with backoff: after MAX_FREE_FAILURES, each further failed sign-in locks the account twice as long.
const MAX_FREE_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < MAX_FREE_FAILURES) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - MAX_FREE_FAILURES), MAX_LOCK_MS);
}
