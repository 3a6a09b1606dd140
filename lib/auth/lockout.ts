import { FixedWindowLimiter } from "../api/rate-limit";

// Lockout with backoff: after MAX_FREE_FAILURES, each further failed sign-in locks the account twice as long.
const MAX_FREE_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

export function lockDurationMs(failures: number): number {
  if (failures < MAX_FREE_FAILURES) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - MAX_FREE_FAILURES), MAX_LOCK_MS);
}

// Per client address: past this many failed sign-ins in the window, further attempts from that address are refused
// unchecked. The account lockout stops guessing one password; this stops one address spraying many accounts.
export const IP_FAILURE_LIMIT = 30;
export const IP_FAILURE_WINDOW_MS = 15 * 60_000;

const globalForThrottle = globalThis as unknown as { __stewardLoginFailures?: FixedWindowLimiter };

function failures(): FixedWindowLimiter {
  globalForThrottle.__stewardLoginFailures ??= new FixedWindowLimiter(IP_FAILURE_LIMIT, IP_FAILURE_WINDOW_MS);
  return globalForThrottle.__stewardLoginFailures;
}

/** True when this address has used up its failed sign-ins for the current window. */
export function isAddressThrottled(ip: string | null, now = Date.now()): boolean {
  return ip !== null && failures().peek(ip, now) >= IP_FAILURE_LIMIT;
}

export function recordAddressFailure(ip: string | null, now = Date.now()): void {
  if (ip !== null) failures().hit(ip, now);
}
