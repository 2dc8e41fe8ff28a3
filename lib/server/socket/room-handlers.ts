import {
  CATCH_UP_LIMIT,
  HISTORY_DEFAULT_LIMIT,
  JOIN_PAGE_SIZE,
  roomHistorySchema,
  roomJoinSchema,
  roomLeaveSchema,
} from '../../protocol';
import type { Logger } from '../logger';
import type { MessageStore, RoomStore } from '../store/types';
import { defineHandler } from './define-handler';
import { assertCanAccessRoom } from './room-access';
import type { ChatSocket } from './types';

export interface RoomHandlerDeps {
  rooms: RoomStore;
  messages: MessageStore;
  log: Logger;
}

/** `room:join`, `room:history` and `room:leave`. */
export function registerRoomHandlers(socket: ChatSocket, deps: RoomHandlerDeps): void {
  const { rooms, messages, log } = deps;

  socket.on(
    'room:join',
    defineHandler(
      roomJoinSchema,
      async ({ room, after }) => {
        await assertCanAccessRoom(rooms, room);
        // Subscribe before reading: a message committed in between is then both broadcast to
        // us and (maybe) in the page; the client deduplicates by id, so nothing falls between.
        await socket.join(room);
        const page =
          after === undefined
            ? await messages.latest(room, JOIN_PAGE_SIZE)
            : await messages.after(room, after, CATCH_UP_LIMIT);
        return { room: { name: room }, ...page };
      },
      log,
    ),
  );

  socket.on(
    'room:history',
    defineHandler(
      roomHistorySchema,
      async ({ room, before, limit }) => {
        await assertCanAccessRoom(rooms, room);
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
        await socket.leave(room);
        return {};
      },
      log,
    ),
  );
}
