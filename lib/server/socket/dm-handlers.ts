import { dmOpenSchema, nameKey } from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import { authorKey } from '../store/account-rows';
import type { AccountStore } from '../store/account-types';
import type { RoomStore, UserRef } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { userRoom } from './types';

export interface DmHandlerDeps {
  rooms: RoomStore;
  accounts: AccountStore;
  log: Logger;
}

/**
 * `dm:open {user}` or `dm:open {users}`: the one private room of exactly the caller and those
 * people (named in any order, any case), created on first use.
 */
export function createDmHandlers(deps: DmHandlerDeps): Pick<HandlerTable, 'dm:open'> {
  const { rooms, accounts, log } = deps;

  const person = async (name: string): Promise<UserRef> => {
    const account = await accounts.findByKey(nameKey(name));
    if (account === undefined || account.deactivated) {
      throw new ChatError('not_found', `Nobody is called “${name}”`);
    }
    return { id: account.id, name: account.name, key: authorKey(account.id) };
  };

  return {
    'dm:open': defineHandler(
      dmOpenSchema,
      async (socket, payload) => {
        const { user } = socket.data;
        const names = 'users' in payload ? payload.users : [payload.user];
        const others = new Map<number, UserRef>();
        for (const name of names) {
          const other = await person(name);
          if (other.id !== user.id) others.set(other.id, other);
        }
        if (others.size === 0) {
          throw new ChatError('invalid_payload', 'A direct message needs someone else');
        }
        const members = [user, ...others.values()];
        const room = await rooms.openDm(members);
        // Every member's sockets hear the DM from now on, wherever they are.
        socket.nsp.in(members.map((member) => userRoom(member.id))).socketsJoin(room.name);
        return { room };
      },
      log,
    ),
  };
}
