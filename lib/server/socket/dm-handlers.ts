import { dmOpenSchema, nameKey } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RoomStore, SessionStore } from '../store/types';
import { defineHandler } from './define-handler';
import { userRoom, type ChatSocket } from './types';

export interface DmHandlerDeps {
  rooms: RoomStore;
  sessions: SessionStore;
  log: Logger;
}

/** `dm:open {user}`: the private room of the caller and `user`, created on first use. */
export function registerDmHandlers(socket: ChatSocket, deps: DmHandlerDeps): void {
  const { rooms, sessions, log } = deps;
  const { user } = socket.data;

  socket.on(
    'dm:open',
    defineHandler(
      dmOpenSchema,
      async ({ user: name }) => {
        const other = await sessions.findHolder(nameKey(name));
        if (other === undefined) throw new ChatError('not_found', `Nobody is called “${name}”`);
        if (other.id === user.id) {
          throw new ChatError('invalid_payload', 'A direct message needs someone else');
        }
        const room = await rooms.openDm(user, other);
        // Both people's sockets hear the DM from now on, wherever they are.
        socket.nsp.in([userRoom(user.id), userRoom(other.id)]).socketsJoin(room.name);
        return { room };
      },
      log,
    ),
  );
}
