import {
  CATCH_UP_LIMIT,
  CHANGES_LIMIT,
  HISTORY_DEFAULT_LIMIT,
  JOIN_PAGE_SIZE,
  roomCreateSchema,
  roomHistorySchema,
  roomJoinSchema,
  roomLeaveSchema,
  roomListSchema,
  roomReadSchema,
} from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RateLimiter } from '../rate-limiter';
import type { MessageStore, RoomStore } from '../store/types';
import { defineHandler } from './define-handler';
import { assertCanAccessRoom } from './room-access';
import type { TypingState } from './typing-handlers';
import { userRoom, type ChatSocket } from './types';

export interface RoomHandlerDeps {
  rooms: RoomStore;
  messages: MessageStore;
  createLimiter: RateLimiter;
  typing: TypingState;
  log: Logger;
}

/** `room:join`, `room:history`, `room:leave`, `room:list`, `room:create` and `room:read`. */
export function registerRoomHandlers(socket: ChatSocket, deps: RoomHandlerDeps): void {
  const { rooms, messages, createLimiter, typing, log } = deps;
  const { user } = socket.data;

  socket.on(
    'room:join',
    defineHandler(
      roomJoinSchema,
      async ({ room, after, since }) => {
        const record = await assertCanAccessRoom(rooms, room, user.id);
        // Joining makes the user a member: from now on every tab and device of theirs hears
        // the room and counts its unread messages.
        if (record.kind === 'channel') await rooms.join(room, user.id);
        // Subscribe before reading: a message committed in between is then both broadcast to
        // us and (maybe) in the page; the client deduplicates by id, so nothing falls between.
        await socket.join(room);
        socket.nsp.in(userRoom(user.id)).socketsJoin(room);
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
    ),
  );

  socket.on(
    'room:history',
    defineHandler(
      roomHistorySchema,
      async ({ room, before, limit }) => {
        await assertCanAccessRoom(rooms, room, user.id);
        return messages.before(room, before, limit ?? HISTORY_DEFAULT_LIMIT);
      },
      log,
    ),
  );

  socket.on(
    'room:leave',
    defineHandler(
      roomLeaveSchema,
      async ({ room }) => {
        typing.stop(room);
        await socket.leave(room);
        return {};
      },
      log,
    ),
  );

  socket.on(
    'room:list',
    defineHandler(roomListSchema, async () => ({ rooms: await rooms.list(user) }), log),
  );

  socket.on(
    'room:create',
    defineHandler(
      roomCreateSchema,
      async ({ room }, afterAck) => {
        const decision = createLimiter.take(user.key);
        if (!decision.ok) {
          throw new ChatError(
            'rate_limited',
            'You are creating rooms too fast',
            decision.retryAfterMs,
          );
        }
        const result = await rooms.createChannel(room);
        if (!result.ok) throw new ChatError('conflict', `#${room} already exists`);
        await rooms.join(room, user.id);
        socket.nsp.in(userRoom(user.id)).socketsJoin(room);
        afterAck(() => socket.nsp.emit('room:created', result.room));
        return { room: result.room };
      },
      log,
    ),
  );

  socket.on(
    'room:read',
    defineHandler(
      roomReadSchema,
      async ({ room, id }) => {
        await assertCanAccessRoom(rooms, room, user.id);
        const stored = await rooms.markRead(room, user, id);
        // The user's other tabs and devices clear the same count.
        socket.to(userRoom(user.id)).emit('room:read', { room, id: stored });
        return {};
      },
      log,
    ),
  );
}
