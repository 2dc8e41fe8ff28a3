import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateDecision, RateLimiter } from '../rate-limiter';

export interface SharedRate {
  burst: number;
  perSecond: number;
}

/**
 * A limit shared by every node, counted in Redis by rate-limiter-flexible. Its counters are
 * fixed windows: `burst` units per `burst / perSecond` seconds, the same burst and average rate
 * as the single node's token bucket (at a window's edge two bursts can pass back to back). While
 * Redis is unreachable each node counts alone in memory (the insurance limiter), so a Redis
 * outage neither lets a flood through nor refuses everyone.
 */
export function createRedisRateLimiter(
  redis: Redis,
  keyPrefix: string,
  { burst, perSecond }: SharedRate,
): RateLimiter {
  const options = { points: burst, duration: Math.max(1, Math.ceil(burst / perSecond)) };
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    ...options,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, ...options }),
  });
  return {
    take: async (key): Promise<RateDecision> => {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          return { ok: false, retryAfterMs: Math.max(1, refusal.msBeforeNext) };
        }
        throw refusal;
      }
    },
    refund: async (key) => {
      await limiter.reward(key, 1);
    },
  };
}
