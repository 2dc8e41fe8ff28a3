import { messageSendSchema } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { MessageStore, RoomStore } from '../store/types';
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
}

/** `message:send`: validate → authorize → store → ack → broadcast. */
export function registerMessageHandlers(socket: ChatSocket, deps: MessageHandlerDeps): void {
  const { rooms, messages, sendLimiter, typing, log } = deps;
  const { user } = socket.data;

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

        const decision = sendLimiter.take(user.key);
        if (!decision.ok) {
          throw new ChatError('rate_limited', 'You are sending too fast', decision.retryAfterMs);
        }
        const { message, created } = await messages.append({
          room: payload.room,
          user: user.name,
          userKey: user.key,
          clientId: payload.clientId,
          message: payload.message,
        });
        // The message itself tells the room this person stopped typing.
        typing.forget(message.room);
        // Only after the commit: the ack and the broadcast both promise the message is stored.
        if (created) afterAck(() => socket.to(message.room).emit('message:new', message));
        return { message };
      },
      log,
    ),
  );
}
