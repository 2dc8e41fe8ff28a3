import {
  memberChangeSchema,
  memberListSchema,
  nameKey,
  type Member,
  type MemberRole,
} from '../../protocol';
import { ChatError } from '../chat-error';
import type { Logger } from '../logger';
import type { AccountStore } from '../store/account-types';
import type { RoomRecord, RoomStore } from '../store/types';
import { defineHandler, type HandlerTable } from './define-handler';
import { assertCanAccessRoom, assertCanWriteRoom } from './room-access';
import { userRoom, type ChatSocket } from './types';

export interface MemberHandlerDeps {
  rooms: RoomStore;
  accounts: AccountStore;
  log: Logger;
}

const byName = (a: Member, b: Member) => a.name.localeCompare(b.name, 'en');

/** A DM is its set of people: adding or removing one would make it another conversation. */
function refuseDm(record: RoomRecord): void {
  if (record.kind === 'dm') {
    throw new ChatError(
      'forbidden',
      'A direct message keeps the people it was opened with: open another for a new group',
    );
  }
}

/**
 * `member:add`, `member:remove` and `member:list`. Every one first passes the room check, so a
 * private room of others answers as a room that does not exist. The added or removed person
 * hears `room:membership` on every socket, on every node; a removed one's sockets leave the
 * room at once, so no further message, presence or typing of it reaches them.
 */
export function createMemberHandlers(
  deps: MemberHandlerDeps,
): Pick<HandlerTable, 'member:add' | 'member:remove' | 'member:list'> {
  const { rooms, accounts, log } = deps;

  const activeAccount = async (name: string) => {
    const account = await accounts.findByKey(nameKey(name));
    if (account === undefined || account.deactivated) {
      throw new ChatError('not_found', `Nobody is called “${name}”`);
    }
    return account;
  };

  const tell = (socket: ChatSocket, userId: number, room: string, joined: boolean) => {
    const sockets = socket.nsp.in(userRoom(userId));
    if (joined) sockets.socketsJoin(room);
    else sockets.socketsLeave(room);
    socket.nsp.to(userRoom(userId)).emit('room:membership', { room, joined });
  };

  const memberAdd = defineHandler(
    memberChangeSchema,
    async (socket, { room, user: name }, afterAck) => {
      // Any member of a private channel may add someone; anyone may add someone to a public one.
      const record = await assertCanWriteRoom(rooms, room, socket.data.user.id);
      refuseDm(record);
      const account = await activeAccount(name);
      await rooms.join(room, account.id);
      afterAck(() => tell(socket, account.id, room, true));
      return {};
    },
    log,
  );

  const memberRemove = defineHandler(
    memberChangeSchema,
    async (socket, { room, user: name }, afterAck) => {
      const { user } = socket.data;
      const record = await assertCanAccessRoom(rooms, room, user.id);
      refuseDm(record);
      const account = await activeAccount(name);
      // Anyone may leave; only the channel's creator and admins remove others.
      if (account.id !== user.id && record.createdBy !== user.id) {
        if ((await accounts.get(user.id))?.role !== 'admin') {
          throw new ChatError(
            'forbidden',
            `Only the person who made #${room} and admins may remove others`,
          );
        }
      }
      if (!(await rooms.leave(room, account.id))) {
        throw new ChatError('not_found', `${account.name} is not a member of #${room}`);
      }
      afterAck(() => tell(socket, account.id, room, false));
      return {};
    },
    log,
  );

  const memberList = defineHandler(
    memberListSchema,
    async (socket, { room }) => {
      const record = await assertCanAccessRoom(rooms, room, socket.data.user.id);
      const roleOf = (userId: number, role: string): MemberRole =>
        record.createdBy === userId ? 'owner' : role === 'admin' ? 'admin' : 'member';
      const members = (await rooms.members(room)).map(({ userId, name, role }) => ({
        name,
        role: roleOf(userId, role),
      }));
      return { members: members.sort(byName) };
    },
    log,
  );

  return { 'member:add': memberAdd, 'member:remove': memberRemove, 'member:list': memberList };
}
