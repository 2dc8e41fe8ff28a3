import type { MessageSendPayload } from '../../protocol';
import { ChatError } from '../chat-error';
import type { RateLimiter } from '../rate-limiter';
import {
  AttachmentsUnavailable,
  type AppendResult,
  type MessageStore,
  type RoomStore,
  type UserRef,
} from '../store/types';
import { assertCanWriteRoom } from '../socket/room-access';
import type { MessageWebhooks } from '../webhooks/webhook-events';

export interface SendMessageDeps {
  rooms: RoomStore;
  messages: MessageStore;
  sendLimiter: RateLimiter;
  /** Stores the bots' deliveries of each message before it is acknowledged. */
  webhooks: MessageWebhooks;
}

/** A parsed `message:send` (or HTTP post) payload, whoever it came from. */
export type MessageToSend = Omit<MessageSendPayload, 'user'>;

/**
 * Stores a message from `user`, exactly once per `clientId`: the one path of `message:send` and
 * of `POST /api/rooms/:room/messages`. A retry of a stored message returns it (`created: false`)
 * without spending rate budget. `tooFast` makes the refusal when the limiter says no.
 */
export async function sendMessage(
  deps: SendMessageDeps,
  user: UserRef,
  payload: MessageToSend,
  tooFast: (retryAfterMs: number) => Error,
): Promise<AppendResult> {
  const result = await store(deps, user, payload, tooFast);
  // For a repeated send too: if the first was stored and its deliveries were not (a crash
  // between the two), the client's retry makes them; the store never makes one twice.
  await deps.webhooks.messageStored(result.message, user.id);
  return result;
}

async function store(
  deps: SendMessageDeps,
  user: UserRef,
  payload: MessageToSend,
  tooFast: (retryAfterMs: number) => Error,
): Promise<AppendResult> {
  const { rooms, messages, sendLimiter } = deps;
  await assertCanWriteRoom(rooms, payload.room, user.id);

  // The common case, a new message, is not looked up first: the insert itself finds a stored
  // one (one query per message instead of two).
  const stored = () => messages.findByClientId(user.key, payload.clientId);
  if (payload.replyTo !== undefined) {
    // A stored reply is answered even if its parent has been deleted since.
    const existing = await stored();
    if (existing !== undefined) return { message: existing, created: false };
    const parent = await messages.get(payload.replyTo);
    if (parent === undefined || parent.isDeleted || parent.message.room !== payload.room) {
      throw new ChatError('not_found', 'The message you reply to is not in this room');
    }
  }
  // Files are checked by the insert itself, which claims them with the message or stores
  // nothing; a retry finds its stored message (and the files it claimed) first.
  const attachments = payload.attachments ?? [];
  const decision = await sendLimiter.take(user.key);
  if (!decision.ok) {
    const existing = await stored();
    if (existing !== undefined) return { message: existing, created: false };
    throw tooFast(decision.retryAfterMs);
  }
  let appended: AppendResult;
  try {
    appended = await messages.append({
      room: payload.room,
      user: user.name,
      userKey: user.key,
      userId: user.id,
      clientId: payload.clientId,
      message: payload.message,
      replyTo: payload.replyTo,
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(user.isBot === true ? { isBot: true } : {}),
    });
  } catch (error) {
    // Someone else's upload, one already sent or one expired: nothing was stored.
    if (error instanceof AttachmentsUnavailable) {
      await sendLimiter.refund(user.key);
      throw new ChatError('not_found', 'An attachment is not one of your unsent uploads');
    }
    throw error;
  }
  if (!appended.created) await sendLimiter.refund(user.key);
  return appended;
}
