import {
  MAX_REACTIONS_PER_MESSAGE,
  messageDeleteSchema,
  messageEditSchema,
  messageReactSchema,
  messageSearchSchema,
  messageSendSchema,
  SEARCH_PAGE_SIZE,
} from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { MessageStore, RoomStore, StoredMessage } from '../store/types';
import { defineHandler } from './define-handler';
import { assertCanAccessRoom } from './room-access';
import type { TypingState } from './typing-handlers';
import type { ChatSocket } from './types';

export interface MessageHandlerDeps {
  rooms: RoomStore;
  messages: MessageStore;
  sendLimiter: RateLimiter;
  typing: TypingState;
  log: Logger;
  /** Called once per message committed (not for retries of a stored one). */
  onStored?: () => void;
}

/**
 * `message:send`, `message:edit`, `message:delete`, `message:react` and `message:search`:
 * validate → authorize → store → ack → broadcast.
 */
export function registerMessageHandlers(socket: ChatSocket, deps: MessageHandlerDeps): void {
  const { rooms, messages, sendLimiter, typing, log } = deps;
  const { user } = socket.data;

  const spend = () => {
    const decision = sendLimiter.take(user.key);
    if (!decision.ok) {
      throw new ChatError('rate_limited', 'You are sending too fast', decision.retryAfterMs);
    }
  };

  /** A live message in a room the user can read; not_found hides what they cannot read. */
  const readable = async (id: number): Promise<StoredMessage> => {
    const stored = await messages.get(id);
    if (stored === undefined || stored.isDeleted) {
      throw new ChatError('not_found', 'That message does not exist');
    }
    await assertCanAccessRoom(rooms, stored.message.room, user.id);
    return stored;
  };

  /** Only the author may change a message. */
  const ownMessage = async (id: number): Promise<StoredMessage> => {
    const stored = await readable(id);
    if (stored.userId !== user.id) {
      throw new ChatError('forbidden', 'You can only change your own messages');
    }
    return stored;
  };

  socket.on(
    'message:send',
    defineHandler(
      messageSendSchema,
      async (payload, afterAck) => {
        // The session, not the payload, says who is speaking.
        if (payload.user !== user.name) {
          throw new ChatError('forbidden', 'You can only send messages as yourself');
        }
        await assertCanAccessRoom(rooms, payload.room, user.id);

        // A retry of a message we already stored gets it back, without spending rate budget
        // and without a second broadcast.
        const existing = await messages.findByClientId(user.key, payload.clientId);
        if (existing !== undefined) return { message: existing };

        if (payload.replyTo !== undefined) {
          const parent = await messages.get(payload.replyTo);
          if (parent === undefined || parent.isDeleted || parent.message.room !== payload.room) {
            throw new ChatError('not_found', 'The message you reply to is not in this room');
          }
        }
        spend();
        const { message, created } = await messages.append({
          room: payload.room,
          user: user.name,
          userKey: user.key,
          userId: user.id,
          clientId: payload.clientId,
          message: payload.message,
          replyTo: payload.replyTo,
        });
        // The message itself tells the room this person stopped typing.
        typing.forget(message.room);
        // Only after the commit: the ack and the broadcast both promise the message is stored.
        if (created) {
          deps.onStored?.();
          afterAck(() => socket.to(message.room).emit('message:new', message));
        }
        return { message };
      },
      log,
    ),
  );

  socket.on(
    'message:edit',
    defineHandler(
      messageEditSchema,
      async ({ id, message: text }, afterAck) => {
        await ownMessage(id);
        spend();
        const message = await messages.edit(id, text);
        afterAck(() => socket.to(message.room).emit('message:updated', message));
        return { message };
      },
      log,
    ),
  );

  socket.on(
    'message:delete',
    defineHandler(
      messageDeleteSchema,
      async ({ id }, afterAck) => {
        const { message } = await ownMessage(id);
        await messages.remove(id);
        afterAck(() => socket.to(message.room).emit('message:deleted', { room: message.room, id }));
        return {};
      },
      log,
    ),
  );

  socket.on(
    'message:react',
    defineHandler(
      messageReactSchema,
      async ({ id, emoji, on }, afterAck) => {
        const { message: current } = await readable(id);
        const isNewEmoji = on && !current.reactions.some((r) => r.emoji === emoji);
        if (isNewEmoji && (await messages.reactionCount(id)) >= MAX_REACTIONS_PER_MESSAGE) {
          throw new ChatError(
            'invalid_payload',
            `A message takes at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`,
          );
        }
        spend();
        const message = await messages.react(id, emoji, user, on);
        afterAck(() => socket.to(message.room).emit('message:updated', message));
        return { message };
      },
      log,
    ),
  );

  socket.on(
    'message:search',
    defineHandler(
      messageSearchSchema,
      async ({ query, room, before }) => {
        if (room !== undefined) await assertCanAccessRoom(rooms, room, user.id);
        return messages.search(user.id, query, { room, before, limit: SEARCH_PAGE_SIZE });
      },
      log,
    ),
  );
}
