import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { PresenceDirectory } from './presence-directory';
import { createRedisPresenceDirectory } from './redis-presence-directory';
import { createRedisRateLimiter, type SharedRate } from './redis-rate-limiter';

/** What several nodes share through Redis (`REDIS_URL`). */
export interface FanOut {
  nodeId: string;
  /** Socket.IO's adapter: every broadcast reaches the sockets of every node. */
  adapter: NonNullable<ServerOptions['adapter']>;
  presence: PresenceDirectory;
  /** A rate limit counted across every node. */
  limiter(name: string, rate: SharedRate): RateLimiter;
  /**
   * Calls `listener` when Redis is back after this node lost it: broadcasts sent meanwhile may
   * have been lost, so clients should catch up from storage.
   */
  onRestored(listener: () => void): void;
  /**
   * Calls `listener` when another node stopped: it may have stored messages (acked to its own
   * clients) that it never broadcast, so this node's clients should catch up from storage.
   */
  onPeerGone(listener: () => void): void;
  close(): Promise<void>;
}

export interface FanOutOptions {
  url: string;
  /** Prefixes every key and stream, so several deployments can share one Redis. */
  prefix: string;
  log: Logger;
}

/**
 * Connects to Redis for fan-out between nodes. Broadcasts go through the Socket.IO Redis
 * Streams adapter rather than the pub/sub one: a stream is read from an offset, so a node that
 * loses Redis for a moment resumes where it stopped instead of silently missing what was
 * published meanwhile. ioredis reconnects by itself, forever, with a capped backoff.
 */
export async function connectFanOut(options: FanOutOptions): Promise<FanOut> {
  const { url, prefix, log } = options;
  const nodeId = randomBytes(6).toString('hex');
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2_000);
  const connect = (name: string, extra: { enableOfflineQueue?: boolean } = {}) => {
    const client = new Redis(url, {
      connectionName: `parley-${nodeId}-${name}`,
      retryStrategy,
      // Commands wait for a reconnect rather than fail after a few retries.
      maxRetriesPerRequest: null,
      ...extra,
    });
    let isDown = false;
    client.on('error', (error: Error) => {
      if (!isDown) log.warn({ err: error, redis: name }, 'redis connection failed');
      isDown = true;
    });
    client.on('ready', () => {
      if (isDown) log.info({ redis: name }, 'redis connection restored');
      isDown = false;
    });
    return client;
  };

  const redis = connect('main');
  const subscriber = connect('presence');
  // Rate limits fail fast while Redis is away, so the in-memory insurance limiter answers.
  const limits = connect('limits', { enableOfflineQueue: false });
  try {
    await Promise.all([redis.ping(), subscriber.ping()]);
  } catch (error) {
    redis.disconnect();
    subscriber.disconnect();
    limits.disconnect();
    throw error;
  }

  const presence = createRedisPresenceDirectory({ redis, subscriber, prefix, nodeId });
  const restoredListeners = new Set<() => void>();
  let lostAt: number | undefined;
  redis.on('close', () => {
    lostAt ??= Date.now();
  });
  redis.on('ready', () => {
    if (lostAt === undefined) return;
    log.warn({ downMs: Date.now() - lostAt }, 'redis back: clients catch up from storage');
    lostAt = undefined;
    for (const listener of restoredListeners) listener();
  });

  return {
    nodeId,
    adapter: createAdapter(redis, {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}sio:session:`,
      // Enough for a burst of seconds at thousands of messages a second; a node slower than
      // that is unhealthy anyway, and its clients catch up from storage.
      maxLen: 100_000,
    }) as NonNullable<ServerOptions['adapter']>,
    presence,
    limiter: (name, rate) => createRedisRateLimiter(limits, `${prefix}limit:${name}`, rate),
    onRestored: (listener) => {
      restoredListeners.add(listener);
    },
    onPeerGone: (listener) => {
      presence.onPeerGone(listener);
    },
    close: async () => {
      await presence.stop();
      await Promise.all(
        [redis, subscriber, limits].map((client) => client.quit().catch(() => undefined)),
      );
    },
  };
}
