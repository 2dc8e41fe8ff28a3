import type { Logger } from '../logger';
import type { PushTarget } from '../store/push-types';
import type { Stores } from '../store/types';
import { createPushNotifier, roomTopic } from './push-notifier';
import { createPushQueue } from './push-queue';
import { createPushSender, type PushOutcome } from './push-sender';
import { loadVapidKeys, type VapidKeys } from './vapid-keys';

/** How pushes go out; the defaults suit production, tests shorten the waits. */
export interface PushOptions {
  /** Configured keys (several nodes may share them); otherwise made once and stored. */
  vapid?: VapidKeys;
  /** The VAPID subject: a `mailto:` or `https:` address push services may contact. */
  contact: string;
  /** Endpoints on loopback and private addresses (`PARLEY_PUSH_ALLOW_PRIVATE=1`, tests). */
  allowPrivate: boolean;
  /** Extra CA certificates to trust (tests' local push service). */
  ca?: string;
  timeoutMs?: number;
  foldMs?: number;
  retryDelaysMs?: readonly number[];
  concurrency?: number;
  capacity?: number;
}

export const PUSH_DEFAULTS = {
  timeoutMs: 10_000,
  foldMs: 5_000,
  retryDelaysMs: [2_000, 10_000, 60_000],
  concurrency: 16,
  capacity: 10_000,
  /** An undelivered push is kept by the push service for a day: a DM is still news then. */
  ttlSeconds: 24 * 60 * 60,
} as const;

/** Web push for one node: the VAPID keys, the queue, and who a message pushes to. */
export function createWebPush(
  stores: Pick<Stores, 'push' | 'settings'>,
  visibleUsers: (userIds: readonly number[]) => Promise<Set<number>>,
  options: PushOptions,
  log: Logger,
  countPush: (outcome: PushOutcome | 'full') => void = () => undefined,
) {
  let keys: Promise<VapidKeys> | undefined;
  const vapidKeys = () => {
    keys ??= loadVapidKeys(stores.settings, options.vapid).catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  };
  const sender = createPushSender({
    keys: vapidKeys,
    contact: options.contact,
    allowPrivate: options.allowPrivate,
    ca: options.ca,
    timeoutMs: options.timeoutMs ?? PUSH_DEFAULTS.timeoutMs,
  });
  const queue = createPushQueue<PushTarget & { topic: string }>({
    send: async (target, payload) => {
      const outcome = await sender.send({
        endpoint: target.endpoint,
        keys: target.keys,
        payload,
        topic: target.topic,
        ttlSeconds: PUSH_DEFAULTS.ttlSeconds,
      });
      countPush(outcome);
      return outcome;
    },
    onGone: (target) => {
      stores.push.forget(target.endpoint).catch((error: unknown) => {
        log.warn({ err: error }, 'forgetting a gone push subscription failed');
      });
    },
    onDropped: (reason) => {
      log.warn({ reason }, 'a push was dropped');
      if (reason === 'full') countPush('full');
    },
    concurrency: options.concurrency ?? PUSH_DEFAULTS.concurrency,
    capacity: options.capacity ?? PUSH_DEFAULTS.capacity,
    foldMs: options.foldMs ?? PUSH_DEFAULTS.foldMs,
    retryDelaysMs: options.retryDelaysMs ?? PUSH_DEFAULTS.retryDelaysMs,
  });
  const notifier = createPushNotifier({
    stores,
    visibleUsers,
    log,
    add: (note) => queue.add({ ...note, target: { ...note.target, topic: roomTopic(note.room) } }),
  });
  return {
    notifier,
    publicKey: async () => (await vapidKeys()).publicKey,
    pending: queue.pending,
    close: () => {
      queue.stop();
      sender.close();
    },
  };
}

export type WebPush = ReturnType<typeof createWebPush>;
