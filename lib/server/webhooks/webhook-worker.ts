import { webhookEventSchema, webhookReplySchema } from '../../protocol-bots';
import type { Logger } from '../logger';
import type { DueDelivery, WebhookStore } from '../store/webhook-types';
import type { WebhookSender } from './webhook-sender';
import { signatureHeader } from './webhook-signature';

/** What became of one try. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed';

/** What posting a bot's reply came to: posted (or already), try the delivery later, or never. */
export type ReplyOutcome = 'posted' | 'later' | 'refused';

export interface WebhookWorkerOptions {
  store: WebhookStore;
  sender: Pick<WebhookSender, 'post'>;
  /** Posts `text` in `room` as the bot, exactly once per `clientId`. */
  postReply: (
    bot: { id: number; name: string },
    room: string,
    text: string,
    clientId: string,
  ) => Promise<ReplyOutcome>;
  log: Logger;
  count?: (outcome: WebhookOutcome) => void;
  /** The waits before each retry; their count is the most retries. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  /** Tries in flight at once, on this node. */
  concurrency?: number;
  /** How often to look for deliveries other nodes stored, or whose node died mid-try. */
  pollMs?: number;
  now?: () => Date;
}

export const WEBHOOK_DEFAULTS = {
  timeoutMs: 7_000,
  // The first retry within 30 s; five over about ten minutes.
  retryDelaysMs: [15_000, 45_000, 90_000, 180_000, 300_000],
  concurrency: 8,
  pollMs: 15_000,
  // Finished deliveries are kept this long, so a send repeated this late makes none again.
  keepFinishedMs: 30 * 24 * 60 * 60 * 1000,
} as const;

/**
 * Makes the stored deliveries: leases due ones, POSTs each signed, posts a `2xx` `{message}`
 * reply as the bot, and schedules retries. A delivery leaves the store only as delivered or
 * failed, so a restart resumes whatever was pending; a shutdown hands back the leases of tries
 * in flight, so the next start makes them at once.
 */
export function createWebhookWorker(options: WebhookWorkerOptions) {
  const { store, sender, log, now = () => new Date() } = options;
  const retryDelaysMs = options.retryDelaysMs ?? WEBHOOK_DEFAULTS.retryDelaysMs;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  const concurrency = options.concurrency ?? WEBHOOK_DEFAULTS.concurrency;
  const pollMs = options.pollMs ?? WEBHOOK_DEFAULTS.pollMs;
  // Longer than a try can take: a lease outlives only a node that died mid-try.
  const leaseMs = timeoutMs + 30_000;
  const inFlight = new Map<string, AbortController>();
  let timer: NodeJS.Timeout | undefined;
  let isRunning = false;
  let isAgain = false;
  let isStopped = false;

  const finish = async (delivery: DueDelivery, outcome: WebhookOutcome, why?: string) => {
    options.count?.(outcome);
    if (outcome === 'delivered') return store.finish(delivery.id, 'delivered');
    const attempts = delivery.attempts + 1;
    const delay = retryDelaysMs[attempts - 1];
    if (outcome === 'failed' || delay === undefined) {
      log.warn({ deliveryId: delivery.id, bot: delivery.botName, why }, 'a webhook was given up');
      return store.finish(delivery.id, 'failed');
    }
    log.info({ deliveryId: delivery.id, bot: delivery.botName, why }, 'a webhook will be retried');
    await store.retryAt(delivery.id, attempts, new Date(now().getTime() + delay));
  };

  /** Posts a 2xx answer's `{message}`; whether the delivery is done. */
  const reply = async (delivery: DueDelivery, body: string): Promise<WebhookOutcome> => {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return 'delivered'; // An answer without a message: nothing to post.
    }
    const answer = webhookReplySchema.safeParse(json);
    const event = webhookEventSchema.safeParse(JSON.parse(delivery.body));
    if (!answer.success || !event.success) return 'delivered';
    const outcome = await options.postReply(
      { id: delivery.botId, name: delivery.botName },
      event.data.room.name,
      answer.data.message,
      `reply-${delivery.id}`,
    );
    return outcome === 'later' ? 'retry' : 'delivered';
  };

  const attempt = async (delivery: DueDelivery, signal: AbortSignal): Promise<void> => {
    if (delivery.deactivated || delivery.webhookUrl === undefined) {
      return finish(delivery, 'failed', 'the bot is deactivated or has no webhook');
    }
    const answer = await sender.post(
      delivery.webhookUrl,
      delivery.body,
      {
        'User-Agent': 'Parley-Webhooks',
        'X-Parley-Delivery': delivery.id,
        'X-Parley-Signature': signatureHeader(delivery.signingSecret, delivery.body, now()),
      },
      signal,
    );
    // Stopped mid-try: not the bot's failure; the lease goes back in stop().
    if (signal.aborted) return;
    if (answer.kind === 'refused') return finish(delivery, 'failed', answer.reason);
    if (answer.kind === 'unreachable') return finish(delivery, 'retry', answer.reason);
    if (answer.status < 200 || answer.status > 299) {
      return finish(delivery, 'retry', `answered ${answer.status}`);
    }
    const outcome = await reply(delivery, answer.body);
    await finish(delivery, outcome, outcome === 'retry' ? 'the reply was rate limited' : undefined);
  };

  const start = (delivery: DueDelivery) => {
    const controller = new AbortController();
    inFlight.set(delivery.id, controller);
    attempt(delivery, controller.signal)
      .catch((error: unknown) => log.error({ err: error, deliveryId: delivery.id }, 'webhook'))
      .finally(() => {
        inFlight.delete(delivery.id);
        kick();
      });
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (isStopped) return;
    timer = setTimeout(kick, Math.max(0, Math.min(ms, pollMs)));
    timer.unref();
  };

  /** Takes what is due while there is room in flight, then sleeps until the next is due. */
  const run = async () => {
    for (;;) {
      const room = concurrency - inFlight.size;
      if (isStopped || room <= 0) return;
      const at = now();
      const due = await store.claimDue(at, new Date(at.getTime() + leaseMs), room);
      for (const delivery of due) start(delivery);
      if (due.length < room) break;
    }
    const next = await store.nextDue();
    if (next !== undefined) schedule(next.getTime() - now().getTime());
    else schedule(pollMs);
  };

  function kick(): void {
    if (isStopped) return;
    if (isRunning) {
      isAgain = true;
      return;
    }
    isRunning = true;
    run()
      .catch((error: unknown) => {
        log.error({ err: error }, 'reading due webhooks failed');
        schedule(pollMs);
      })
      .finally(() => {
        isRunning = false;
        if (isAgain) {
          isAgain = false;
          kick();
        }
      });
  }

  return {
    /** A delivery was stored, or the node started: look now. */
    kick,
    /** Forgets finished deliveries older than the keep time. */
    prune: () => store.prune(new Date(now().getTime() - WEBHOOK_DEFAULTS.keepFinishedMs)),
    inFlight: () => inFlight.size,
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      const ids = [...inFlight.keys()];
      for (const controller of inFlight.values()) controller.abort();
      await store.release(ids);
    },
  };
}

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;
