import { messageSendSchema, type Message } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import { sendMessage } from '../messages/send-message';
import type { RateLimiter } from '../rate-limiter';
import { authorKey } from '../store/account-rows';
import type { Stores } from '../store/types';
import { createMessageWebhooks } from './webhook-events';
import { createWebhookSender } from './webhook-sender';
import {
  createWebhookWorker,
  WEBHOOK_DEFAULTS,
  type ReplyOutcome,
  type WebhookOutcome,
} from './webhook-worker';

/** How deliveries go out; the defaults suit production, tests shorten the waits. */
export interface WebhookOptions {
  /** Webhooks on loopback and private addresses (`PARLEY_WEBHOOK_ALLOW_PRIVATE=1`, tests). */
  allowPrivate: boolean;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  pollMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Outgoing webhooks for one node: what the message paths call before each ack (the deliveries
 * a message makes, stored), and the worker that makes them and posts the bots' replies.
 */
export function createWebhooks(
  deps: {
    stores: Pick<Stores, 'webhooks' | 'rooms' | 'messages'>;
    sendLimiter: RateLimiter;
    /** A reply was stored: broadcast it, as any new message. */
    posted: (message: Message, authorId: number) => void;
    log: Logger;
    count?: (outcome: WebhookOutcome) => void;
  },
  options: WebhookOptions,
) {
  const { stores, log } = deps;
  const sender = createWebhookSender({
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
  });
  const worker = createWebhookWorker({
    store: stores.webhooks,
    sender,
    log,
    count: deps.count,
    postReply: async (bot, room, text, clientId): Promise<ReplyOutcome> => {
      const payload = messageSendSchema.safeParse({
        room,
        user: bot.name,
        message: text,
        clientId,
      });
      if (!payload.success) {
        log.warn({ bot: bot.name, issue: payload.error.issues[0]?.message }, 'a bad bot reply');
        return 'refused';
      }
      const user = { id: bot.id, name: bot.name, key: authorKey(bot.id), isBot: true };
      try {
        const { message, created } = await sendMessage(
          { ...stores, sendLimiter: deps.sendLimiter, webhooks: messageWebhooks },
          user,
          payload.data,
          (retryAfterMs) => new ChatError('rate_limited', 'The bot replies too fast', retryAfterMs),
        );
        if (created) deps.posted(message, bot.id);
        return 'posted';
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        if (error.code === 'rate_limited') return 'later';
        // Removed from the room since, or a reply the room cannot take: it is not posted.
        log.warn({ bot: bot.name, room, code: error.code }, 'a bot reply was refused');
        return 'refused';
      }
    },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retryDelaysMs === undefined ? {} : { retryDelaysMs: options.retryDelaysMs }),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  const messageWebhooks = createMessageWebhooks(stores.webhooks, worker.kick);
  const prune = () =>
    worker.prune().catch((error: unknown) => log.warn({ err: error }, 'pruning webhooks failed'));
  let pruner: NodeJS.Timeout | undefined;

  return {
    messageWebhooks,
    /** Resumes what a previous run left pending, and prunes finished deliveries daily. */
    start: () => {
      worker.kick();
      void prune();
      pruner = setInterval(() => void prune(), DAY_MS);
      pruner.unref();
    },
    inFlight: worker.inFlight,
    stop: async () => {
      clearInterval(pruner);
      await worker.stop();
      sender.close();
    },
  };
}
