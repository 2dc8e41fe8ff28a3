import { randomBytes } from 'node:crypto';
import { DM_PREFIX, mentionsName, type Message } from '../../protocol';
import type { WebhookEvent } from '../../protocol-bots';
import type { WebhookStore } from '../store/webhook-types';

/** What the message paths tell the webhooks: a message is stored (new, or a repeated send). */
export interface MessageWebhooks {
  /**
   * Stores the deliveries this message makes, before it is acknowledged: an acknowledged
   * message's deliveries are never lost. Safe to call again for the same message.
   */
  messageStored(message: Message, authorId: number): Promise<void>;
}

/** A `deliveryId`: 128 random bits, and usable inside a `clientId` (`reply-<id>`). */
export const newDeliveryId = () => randomBytes(16).toString('base64url');

/**
 * Decides which bots hear a message: in a DM, every bot in it with a webhook; in a channel,
 * those it mentions. `targets` leaves out the author, and a bot's own messages make none, so
 * two bots cannot answer each other forever.
 */
export function createMessageWebhooks(
  webhooks: Pick<WebhookStore, 'targets' | 'enqueue'>,
  onEnqueued: () => void,
  now: () => Date = () => new Date(),
): MessageWebhooks {
  return {
    messageStored: async (message, authorId) => {
      const isDm = message.room.startsWith(DM_PREFIX);
      // Like pushes: a channel message without '@' mentions nobody, and costs no query.
      if (!isDm && !message.message.includes('@')) return;
      const targets = (await webhooks.targets(message.room, authorId)).filter(
        (bot) => isDm || mentionsName(message.message, bot.name),
      );
      if (targets.length === 0) return;
      const deliveries = targets.map((bot) => {
        const id = newDeliveryId();
        const event: WebhookEvent = {
          event: isDm ? 'dm' : 'mention',
          deliveryId: id,
          message,
          room: { name: message.room, kind: isDm ? 'dm' : 'channel' },
        };
        return { id, botId: bot.botId, messageId: message.id, body: JSON.stringify(event) };
      });
      await webhooks.enqueue(deliveries, now());
      onEnqueued();
    },
  };
}
