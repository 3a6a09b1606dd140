// A fixed-window request counter kept in this process's memory (issue: rate limits on /api/v1). Each replica counts
// on its own, so behind N replicas the effective limit is up to N times higher; a shared store (PostgreSQL or
// Redis) is the upgrade path if that ever matters. Windows are aligned to the clock, so one Map entry per key.

export interface RateLimitState {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the current window ends. */
  resetAt: number;
}

export class FixedWindowLimiter {
  private readonly counts = new Map<string, { window: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request for `key` and says whether it is within the limit. */
  hit(key: string, now = Date.now()): RateLimitState {
    const window = Math.floor(now / this.windowMs);
    let entry = this.counts.get(key);
    if (!entry || entry.window !== window) {
      if (this.counts.size >= this.maxKeys) this.sweep(window);
      entry = { window, count: 0 };
      this.counts.set(key, entry);
    }
    entry.count++;
    const resetAt = Math.ceil(((window + 1) * this.windowMs) / 1000);
    return { ok: entry.count <= this.limit, limit: this.limit, remaining: Math.max(0, this.limit - entry.count), resetAt };
  }

  /** Requests counted for `key` in the current window, without counting one. */
  peek(key: string, now = Date.now()): number {
    const entry = this.counts.get(key);
    return entry && entry.window === Math.floor(now / this.windowMs) ? entry.count : 0;
  }

  /** Drops the counters of past windows (a flood of distinct keys cannot grow memory without bound). */
  private sweep(window: number) {
    for (const [k, v] of this.counts) if (v.window !== window) this.counts.delete(k);
    if (this.counts.size >= this.maxKeys) this.counts.clear();
  }
}

/** X-RateLimit-* headers (GitHub's convention) and Retry-After when refused. */
export function rateLimitHeaders(s: RateLimitState, now = Date.now()): Record<string, string> {
  const h: Record<string, string> = {
    "X-RateLimit-Limit": String(s.limit),
    "X-RateLimit-Remaining": String(s.remaining),
    "X-RateLimit-Reset": String(s.resetAt),
  };
  if (!s.ok) h["Retry-After"] = String(Math.max(1, s.resetAt - Math.floor(now / 1000)));
  return h;
}
