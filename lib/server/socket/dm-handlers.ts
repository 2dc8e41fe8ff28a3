import { dmOpenSchema, nameKey } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import { authorKey } from '../store/account-rows';
import type { AccountStore } from '../store/account-types';
import type { RoomStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { userRoom } from './types';

export interface DmHandlerDeps {
  rooms: RoomStore;
  accounts: AccountStore;
  log: Logger;
}

/** `dm:open {user}`: the private room of the caller and `user`, created on first use. */
export function createDmHandlers(deps: DmHandlerDeps): Pick<HandlerTable, 'dm:open'> {
  const { rooms, accounts, log } = deps;
  return {
    'dm:open': defineHandler(
      dmOpenSchema,
      async (socket, { user: name }) => {
        const { user } = socket.data;
        const account = await accounts.findByKey(nameKey(name));
        if (account === undefined || account.deactivated) {
          throw new ChatError('not_found', `Nobody is called “${name}”`);
        }
        const other = { id: account.id, name: account.name, key: authorKey(account.id) };
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
