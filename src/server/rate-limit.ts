/**
 * A token bucket per key: `burst` requests at once, refilled at `perMinute`. Pure apart from the clock,
 * which is passed in so tests need not wait.
 *
 * @example
 * const limiter = createRateLimiter({ perMinute: 600, burst: 120 });
 * if (!limiter.take('user-1')) reply 429;
 */
export interface RateLimiter {
  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean;
  /** Seconds until `key` has a token again (0 when it has one). */
  retryAfter(key: string): number;
}

export interface RateLimitOptions {
  /** Sustained requests per minute per key (default 1200). */
  perMinute?: number;
  /** Requests allowed at once (default 200). */
  burst?: number;
  now?: () => number;
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const perMs = (options.perMinute ?? 1200) / 60_000;
  const burst = options.burst ?? 200;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();

  function refill(key: string): { tokens: number; at: number } {
    const t = now();
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: t };
      buckets.set(key, b);
    }
    b.tokens = Math.min(burst, b.tokens + (t - b.at) * perMs);
    b.at = t;
    return b;
  }

  return {
    take(key) {
      const b = refill(key);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    retryAfter(key) {
      const b = refill(key);
      return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / perMs / 1000);
    },
  };
}
