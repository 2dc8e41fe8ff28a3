import { roomArchiveSchema, roomNotifySetSchema } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { AccountStore } from '../store/account-types';
import type { RoomStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { assertCanAccessRoom } from './room-access';
import { userRoom } from './types';

export interface RoomSettingsHandlerDeps {
  rooms: RoomStore;
  accounts: AccountStore;
  log: Logger;
}

/**
 * `room:notify` (a person's own level for a room, on every device) and `room:archive`
 * (admins: a channel becomes read-only, or writable again).
 */
export function createRoomSettingsHandlers(
  deps: RoomSettingsHandlerDeps,
): Pick<HandlerTable, 'room:notify' | 'room:archive'> {
  const { rooms, accounts, log } = deps;

  const roomNotify = defineHandler(
    roomNotifySetSchema,
    async (socket, { room, level }) => {
      const { user } = socket.data;
      await assertCanAccessRoom(rooms, room, user.id);
      await rooms.setNotify(room, user.id, level);
      // Choosing a level for a public channel makes the person a member of it.
      socket.nsp.in(userRoom(user.id)).socketsJoin(room);
      // Every socket of theirs (this one too) recounts the room at its new level.
      socket.nsp.to(userRoom(user.id)).emit('room:notify', { room, level });
      return {};
    },
    log,
  );

  const roomArchive = defineHandler(
    roomArchiveSchema,
    async (socket, { room, archived }, afterAck) => {
      // Privacy holds for admins too: a private channel they are not in does not exist to them.
      const record = await assertCanAccessRoom(rooms, room, socket.data.user.id);
      if ((await accounts.get(socket.data.user.id))?.role !== 'admin') {
        throw new ChatError('forbidden', 'Only admins may archive channels');
      }
      if (record.kind === 'dm') {
        throw new ChatError('forbidden', 'Only channels can be archived');
      }
      await rooms.setArchived(room, archived);
      const update = { room, archived };
      afterAck(() =>
        (record.isPrivate ? socket.nsp.to(room) : socket.nsp).emit('room:updated', update),
      );
      return {};
    },
    log,
  );

  return { 'room:notify': roomNotify, 'room:archive': roomArchive };
}
