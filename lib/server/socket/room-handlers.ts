import {
  CATCH_UP_LIMIT,
  CHANGES_LIMIT,
  HISTORY_DEFAULT_LIMIT,
  JOIN_PAGE_SIZE,
  roomHistorySchema,
  roomJoinSchema,
  roomLeaveSchema,
  roomListSchema,
  roomReadSchema,
  roomTopicSetSchema,
} from '../../protocol';
import { roomCreateSchema } from '../../protocol-occasional';
import { channelCreationMode } from '../channel-creation';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { AccountStore, SettingsStore } from '../store/account-types';
import type { MessageStore, RoomStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { refuseForRate } from './hold-reading';
import { assertCanAccessRoom, assertCanWriteRoom } from './room-access';
import { stopTyping } from './typing-handlers';
import { userRoom } from './types';

export interface RoomHandlerDeps {
  rooms: RoomStore;
  messages: MessageStore;
  accounts: AccountStore;
  settings: SettingsStore;
  createLimiter: RateLimiter;
  log: Logger;
}

/**
 * `room:join`, `room:history`, `room:leave`, `room:list`, `room:create`, `room:read` and
 * `room:topic`.
 */
export function createRoomHandlers(
  deps: RoomHandlerDeps,
): Pick<
  HandlerTable,
  | 'room:join'
  | 'room:history'
  | 'room:leave'
  | 'room:list'
  | 'room:create'
  | 'room:read'
  | 'room:topic'
> {
  const { rooms, messages, accounts, settings, createLimiter, log } = deps;

  const roomJoin = defineHandler(
    roomJoinSchema,
    async (socket, { room, after, since }) => {
      const record = await assertCanAccessRoom(rooms, room, socket.data.user.id);
      // Joining makes the user a member: from now on every tab and device of theirs hears
      // the room and counts its unread messages.
      if (record.kind === 'channel') await rooms.join(room, socket.data.user.id);
      // Subscribe before reading: a message committed in between is then both broadcast to
      // us and (maybe) in the page; the client deduplicates by id, so nothing falls between.
      await socket.join(room);
      socket.nsp.in(userRoom(socket.data.user.id)).socketsJoin(room);
      // Read the position first: a change committed after it is sent again next time, never
      // missed (applying an edit twice is harmless).
      const seq = await messages.currentSeq();
      if (after === undefined) {
        return { room: { name: room }, ...(await messages.latest(room, JOIN_PAGE_SIZE)), seq };
      }
      const page = await messages.after(room, after, CATCH_UP_LIMIT);
      if (since === undefined) return { room: { name: room }, ...page, seq };
      const changes = await messages.changesSince(room, after, since, CHANGES_LIMIT);
      return { room: { name: room }, ...page, seq, changes };
    },
    log,
  );

  const roomHistory = defineHandler(
    roomHistorySchema,
    async (socket, { room, before, limit }) => {
      await assertCanAccessRoom(rooms, room, socket.data.user.id);
      return messages.before(room, before, limit ?? HISTORY_DEFAULT_LIMIT);
    },
    log,
  );

  const roomLeave = defineHandler(
    roomLeaveSchema,
    async (socket, { room }) => {
      stopTyping(socket, room);
      await socket.leave(room);
      return {};
    },
    log,
  );

  const roomList = defineHandler(
    roomListSchema,
    async (socket) => ({ rooms: await rooms.list(socket.data.user) }),
    log,
  );

  const roomCreate = defineHandler(
    roomCreateSchema,
    async (socket, { room, private: isPrivate = false, topic = '' }, afterAck) => {
      const { user } = socket.data;
      if ((await channelCreationMode(settings)) === 'admins') {
        if ((await accounts.get(user.id))?.role !== 'admin') {
          throw new ChatError('forbidden', 'Only admins may create channels on this server');
        }
      }
      const decision = await createLimiter.take(user.key);
      if (!decision.ok) {
        throw refuseForRate(socket, decision.retryAfterMs, 'You are creating rooms too fast');
      }
      // Names are unique across public and private channels: a taken private name answers as
      // a taken public one does, and says nothing more about it.
      const result = await rooms.createChannel({
        name: room,
        isPrivate,
        topic,
        createdBy: user.id,
      });
      if (!result.ok) throw new ChatError('conflict', `#${room} already exists`);
      socket.nsp.in(userRoom(user.id)).socketsJoin(room);
      // A private channel is news only to its one member so far.
      afterAck(() =>
        (isPrivate ? socket.nsp.to(userRoom(user.id)) : socket.nsp).emit(
          'room:created',
          result.room,
        ),
      );
      return { room: result.room };
    },
    log,
  );

  const roomRead = defineHandler(
    roomReadSchema,
    async (socket, { room, id }) => {
      await assertCanAccessRoom(rooms, room, socket.data.user.id);
      const stored = await rooms.markRead(room, socket.data.user, id);
      // The user's other tabs and devices clear the same count.
      socket.to(userRoom(socket.data.user.id)).emit('room:read', { room, id: stored });
      return {};
    },
    log,
  );
  const roomTopic = defineHandler(
    roomTopicSetSchema,
    async (socket, { room, topic }, afterAck) => {
      const record = await assertCanWriteRoom(rooms, room, socket.data.user.id);
      // Topics and new channels share one budget: both change what everyone's sidebar shows.
      const decision = await createLimiter.take(socket.data.user.key);
      if (!decision.ok) {
        throw refuseForRate(socket, decision.retryAfterMs, 'You are changing rooms too fast');
      }
      await rooms.setTopic(room, topic);
      // Public channels are listed for everyone, so everyone hears; a private room's topic
      // reaches only its members.
      const update = { room, topic };
      afterAck(() =>
        record.isPrivate
          ? socket.to(room).emit('room:updated', update)
          : socket.broadcast.emit('room:updated', update),
      );
      return { topic };
    },
    log,
  );
  return {
    'room:join': roomJoin,
    'room:history': roomHistory,
    'room:leave': roomLeave,
    'room:list': roomList,
    'room:create': roomCreate,
    'room:read': roomRead,
    'room:topic': roomTopic,
  };
}
