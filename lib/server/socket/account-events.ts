import type { AccountEvents } from '../http/auth-deps';
import type { RoomStore, Stores } from '../store/types';
import { sessionRoom, userRoom, type SocketServer } from './types';

/**
 * Applies a rename on this node: the account's sockets here speak under the new name, and the
 * cached DM records name it.
 */
export function applyRename(io: SocketServer, rooms: RoomStore, userId: number, name: string) {
  rooms.renamed(userId, name);
  const namespace = io.of('/');
  for (const socketId of namespace.adapter.rooms.get(userRoom(userId)) ?? []) {
    const socket = namespace.sockets.get(socketId);
    if (socket !== undefined) socket.data.user = { ...socket.data.user, name };
  }
}

export type RenameHere = (userId: number, name: string) => void;

/** Other nodes apply a rename made on one of them (Socket.IO's server-side events). */
export function listenForRenames(io: SocketServer, renameHere: RenameHere): void {
  io.on('user:renamed', renameHere);
}

/**
 * What the account routes' changes do to sockets, on every node: the adapter carries each
 * disconnect and broadcast to the nodes that hold the sockets.
 */
export function accountEvents(
  io: SocketServer,
  stores: Pick<Stores, 'rooms'>,
  renameHere: RenameHere,
): AccountEvents {
  return {
    sessionEnded: (sessionId) => io.in(sessionRoom(sessionId)).disconnectSockets(true),
    sessionsEnded: (userId, keep) => {
      const sockets = io.in(userRoom(userId));
      (keep === undefined ? sockets : sockets.except(sessionRoom(keep))).disconnectSockets(true);
    },
    renamed: async (userId, name) => {
      renameHere(userId, name);
      io.serverSideEmit('user:renamed', userId, name);
      // Everyone who shares a room with the account, and its own other devices.
      const rooms = await stores.rooms.memberRooms(userId);
      io.to([userRoom(userId), ...rooms]).emit('user:updated', { id: userId, name });
    },
  };
}
