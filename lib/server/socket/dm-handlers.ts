import { dmOpenSchema, nameKey } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { RoomStore, SessionStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { userRoom } from './types';

export interface DmHandlerDeps {
  rooms: RoomStore;
  sessions: SessionStore;
  log: Logger;
}

/** `dm:open {user}`: the private room of the caller and `user`, created on first use. */
export function createDmHandlers(deps: DmHandlerDeps): Pick<HandlerTable, 'dm:open'> {
  const { rooms, sessions, log } = deps;
  return {
    'dm:open': defineHandler(
      dmOpenSchema,
      async (socket, { user: name }) => {
        const { user } = socket.data;
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
  };
}
