import {
  messageDeleteSchema,
  messageEditSchema,
  messageReactSchema,
  messageSearchSchema,
  messageSendSchema,
  SEARCH_PAGE_SIZE,
  type Message,
} from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { AccountStore } from '../store/account-types';
import type { MessageStore, RoomStore } from '../store/types';
import { createMessageChanges } from '../messages/change-message';
import { sendMessage } from '../messages/send-message';
import type { UploadSweeper } from '../files/upload-sweeper';
import type { MessageWebhooks } from '../webhooks/webhook-events';
import { defineHandler, type HandlerTable } from './define-handler';
import { refuseForRate } from './hold-reading';
import { assertCanAccessRoom } from './room-access';
import { forgetTyping } from './typing-handlers';
import type { ChatSocket } from './types';

export interface MessageHandlerDeps {
  rooms: RoomStore;
  messages: MessageStore;
  /** Deletes a deleted message's files before the delete is acknowledged. */
  sweeper: Pick<UploadSweeper, 'removeMarked'>;
  /** To check, at the moment of a delete, whether its author is an admin. */
  accounts: AccountStore;
  sendLimiter: RateLimiter;
  /** Stores the bots' deliveries of each message before its ack. */
  webhooks: MessageWebhooks;
  log: Logger;
  /** Called once per message committed (not for retries of a stored one). */
  onStored?: () => void;
  /** Called after a new message's broadcast, with its author (pushes are decided there). */
  onPosted?: (message: Message, authorId: number) => void;
}

/**
 * `message:send`, `message:edit`, `message:delete`, `message:react` and `message:search`:
 * validate → authorize → store → ack → broadcast.
 */
export function createMessageHandlers(
  deps: MessageHandlerDeps,
): Pick<
  HandlerTable,
  'message:send' | 'message:edit' | 'message:delete' | 'message:react' | 'message:search'
> {
  const { rooms, messages, log } = deps;

  const tooFast = (socket: ChatSocket, retryAfterMs: number) =>
    refuseForRate(socket, retryAfterMs, 'You are sending too fast');

  const changes = createMessageChanges(deps);

  const messageSend = defineHandler(
    messageSendSchema,
    async (socket, payload, afterAck) => {
      const { user } = socket.data;
      // The session, not the payload, says who is speaking.
      if (payload.user !== user.name) {
        throw new ChatError('forbidden', 'You can only send messages as yourself');
      }
      const { message, created } = await sendMessage(deps, user, payload, (retryAfterMs) =>
        tooFast(socket, retryAfterMs),
      );
      if (!created) return { message };
      // The message itself tells the room this person stopped typing.
      forgetTyping(socket, message.room);
      deps.onStored?.();
      // Only after the commit: the ack and the broadcast both promise the message is stored.
      afterAck(() => {
        socket.to(message.room).emit('message:new', message);
        deps.onPosted?.(message, user.id);
      });
      return { message };
    },
    log,
  );

  const messageEdit = defineHandler(
    messageEditSchema,
    async (socket, { id, message: text }, afterAck) => {
      const message = await changes.edit(socket.data.user, id, text, (ms) => tooFast(socket, ms));
      afterAck(() => socket.to(message.room).emit('message:updated', message));
      return { message };
    },
    log,
  );

  const messageDelete = defineHandler(
    messageDeleteSchema,
    async (socket, { id }, afterAck) => {
      const { room } = await changes.remove(socket.data.user, id);
      afterAck(() => socket.to(room).emit('message:deleted', { room, id }));
      return {};
    },
    log,
  );

  const messageReact = defineHandler(
    messageReactSchema,
    async (socket, { id, emoji, on }, afterAck) => {
      const message = await changes.react(socket.data.user, id, emoji, on, (ms) =>
        tooFast(socket, ms),
      );
      afterAck(() => socket.to(message.room).emit('message:updated', message));
      return { message };
    },
    log,
  );

  const messageSearch = defineHandler(
    messageSearchSchema,
    async (socket, { query, room, before }) => {
      const { user } = socket.data;
      if (room !== undefined) await assertCanAccessRoom(rooms, room, user.id);
      return messages.search(user.id, query, { room, before, limit: SEARCH_PAGE_SIZE });
    },
    log,
  );
  return {
    'message:send': messageSend,
    'message:edit': messageEdit,
    'message:delete': messageDelete,
    'message:react': messageReact,
    'message:search': messageSearch,
  };
}
