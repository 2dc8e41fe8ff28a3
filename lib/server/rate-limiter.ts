/** Result of asking a limiter for one unit: allowed, or how long until one is available. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

/** Asynchronous, so a limiter shared between nodes (in Redis) can stand in for the local one. */
export interface RateLimiter {
  take(key: string): Promise<RateDecision>;
  /** Gives back a unit taken for work that turned out to cost nothing (a repeated request). */
  refund(key: string): Promise<void>;
}

export interface TokenBucketOptions {
  /** Units available at once. */
  burst: number;
  /** Units regained per second. */
  perSecond: number;
  now?: () => number;
  /** Buckets idle long enough to be full again are dropped once the map grows past this. */
  sweepAbove?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per key: `burst` at once, then `perSecond` steadily. */
export function createTokenBucket(options: TokenBucketOptions): RateLimiter {
  const { burst, perSecond, now = Date.now, sweepAbove = 10_000 } = options;
  const buckets = new Map<string, Bucket>();
  const msPerToken = 1000 / perSecond;
  const refillMs = burst * msPerToken;

  // A full bucket is the same as no bucket, so forgetting idle ones keeps memory bounded.
  const sweep = (at: number) => {
    for (const [key, bucket] of buckets) {
      if (at - bucket.updatedAt >= refillMs) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      const bucket = buckets.get(key) ?? { tokens: burst, updatedAt: at };
      bucket.tokens = Math.min(burst, bucket.tokens + (at - bucket.updatedAt) / msPerToken);
      bucket.updatedAt = at;
      if (!buckets.has(key)) {
        if (buckets.size >= sweepAbove) sweep(at);
        buckets.set(key, bucket);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return Promise.resolve({ ok: true });
      }
      return Promise.resolve({
        ok: false,
        retryAfterMs: Math.ceil((1 - bucket.tokens) * msPerToken),
      });
    },
    refund(key) {
      const bucket = buckets.get(key);
      if (bucket !== undefined) bucket.tokens = Math.min(burst, bucket.tokens + 1);
      return Promise.resolve();
    },
  };
}
