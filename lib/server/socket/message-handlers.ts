import {
  MAX_REACTIONS_PER_MESSAGE,
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
import type { MessageStore, RoomStore, StoredMessage } from '../store/types';
import { sendMessage } from '../messages/send-message';
import type { UploadSweeper } from '../files/upload-sweeper';
import { defineHandler, type HandlerTable } from './define-handler';
import { refuseForRate } from './hold-reading';
import { accessibleRoom, assertCanAccessRoom } from './room-access';
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
  const { rooms, messages, sendLimiter, log } = deps;

  const tooFast = (socket: ChatSocket, retryAfterMs: number) =>
    refuseForRate(socket, retryAfterMs, 'You are sending too fast');

  const spend = async (socket: ChatSocket) => {
    const decision = await sendLimiter.take(socket.data.user.key);
    if (!decision.ok) throw tooFast(socket, decision.retryAfterMs);
  };

  /**
   * A live message in a room the user can read: a message of a room they may not read gets the
   * very answer of an id nobody has. With `isChange`, its room must not be archived.
   */
  const readable = async (
    socket: ChatSocket,
    id: number,
    isChange: boolean,
  ): Promise<StoredMessage> => {
    const stored = await messages.get(id);
    const room =
      stored === undefined || stored.isDeleted
        ? undefined
        : await accessibleRoom(rooms, stored.message.room, socket.data.user.id);
    if (stored === undefined || room === undefined) {
      throw new ChatError('not_found', 'That message does not exist');
    }
    if (isChange && room.archived) {
      throw new ChatError('forbidden', `#${room.name} is archived: it is read-only`);
    }
    return stored;
  };

  /** Only the author may change a message. */
  const ownMessage = async (socket: ChatSocket, id: number): Promise<StoredMessage> => {
    const stored = await readable(socket, id, true);
    if (stored.userId !== socket.data.user.id) {
      throw new ChatError('forbidden', 'You can only change your own messages');
    }
    return stored;
  };

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
      await ownMessage(socket, id);
      await spend(socket);
      const message = await messages.edit(id, text);
      afterAck(() => socket.to(message.room).emit('message:updated', message));
      return { message };
    },
    log,
  );

  const messageDelete = defineHandler(
    messageDeleteSchema,
    async (socket, { id }, afterAck) => {
      // Deleting stays possible in an archived room: a leaked secret must be removable.
      const stored = await readable(socket, id, false);
      if (stored.userId !== socket.data.user.id) {
        // Admins moderate: they delete anyone's message, as its author could.
        const account = await deps.accounts.get(socket.data.user.id);
        if (account?.role !== 'admin') {
          throw new ChatError('forbidden', 'You can only delete your own messages');
        }
      }
      const { message } = stored;
      await messages.remove(id);
      // Its files are marked removed with it; their bytes go before the delete is acknowledged.
      // Storage that fails now leaves them marked, for the sweeper to finish.
      if (message.attachments.length > 0) {
        await deps.sweeper.removeMarked().catch((error: unknown) => {
          log.warn({ err: error }, 'deleting a message’s files failed; the sweeper retries');
        });
      }
      afterAck(() => socket.to(message.room).emit('message:deleted', { room: message.room, id }));
      return {};
    },
    log,
  );

  const messageReact = defineHandler(
    messageReactSchema,
    async (socket, { id, emoji, on }, afterAck) => {
      const { message: current } = await readable(socket, id, true);
      const isNewEmoji = on && !current.reactions.some((r) => r.emoji === emoji);
      if (isNewEmoji && current.reactions.length >= MAX_REACTIONS_PER_MESSAGE) {
        throw new ChatError(
          'invalid_payload',
          `A message takes at most ${MAX_REACTIONS_PER_MESSAGE} different reactions`,
        );
      }
      await spend(socket);
      const message = await messages.react(id, emoji, socket.data.user, on);
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
