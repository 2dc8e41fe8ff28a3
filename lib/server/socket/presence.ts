import { isChatRoom, type ChatServer } from './types';

export interface PresenceOptions {
  /**
   * A person whose last socket left a room stays listed this long: a reload or a short network
   * drop comes back within it, so the room sees neither a leave nor a join.
   */
  leaveGraceMs: number;
  /** Changes are gathered this long and sent as one `presence` per room: a connect storm of N
   * people costs each member one event per flush, not N. */
  flushMs: number;
}

export const DEFAULT_PRESENCE: PresenceOptions = { leaveGraceMs: 5_000, flushMs: 250 };

interface Occupant {
  name: string;
  sockets: Set<string>;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;
}

export interface Presence {
  /** Whom a socket speaks for; call before it joins any chat room. */
  register(socketId: string, user: { id: number; name: string }): void;
  /** Call after the socket has left every room (Socket.IO's `disconnect`). */
  unregister(socketId: string): void;
  /** The names online in `room`, sorted, each once. */
  usersIn(room: string): string[];
  stop(): void;
}

/**
 * Who is online in each room, counted in people (user ids), not sockets: a person with three
 * tabs is one entry. It follows the adapter's own join/leave events, so every way a socket
 * enters or leaves a room (join, leave, disconnect, `socketsJoin`) is seen exactly once.
 * Each member of a room gets `presence {room, users}` when the list changes; a socket that
 * enters a room gets the current list.
 */
export function trackPresence(io: ChatServer, options: PresenceOptions): Presence {
  const adapter = io.of('/').adapter;
  const users = new Map<string, { id: number; name: string }>();
  const rooms = new Map<string, Map<number, Occupant>>();
  const changedRooms = new Set<string>();
  const newcomers = new Map<string, Set<string>>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const usersIn = (room: string): string[] =>
    [...new Set([...(rooms.get(room)?.values() ?? [])].map((occupant) => occupant.name))].sort(
      (a, b) => a.localeCompare(b, 'en'),
    );

  const flush = () => {
    flushTimer = undefined;
    for (const room of changedRooms) {
      io.to(room).emit('presence', { room, users: usersIn(room) });
      newcomers.delete(room);
    }
    changedRooms.clear();
    for (const [room, sockets] of newcomers) {
      io.to([...sockets]).emit('presence', { room, users: usersIn(room) });
    }
    newcomers.clear();
  };
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(flush, options.flushMs);
  };

  const onJoin = (room: string, socketId: string) => {
    const user = users.get(socketId);
    if (user === undefined || !isChatRoom(room, socketId)) return;
    let occupants = rooms.get(room);
    if (occupants === undefined) rooms.set(room, (occupants = new Map<number, Occupant>()));
    const occupant = occupants.get(user.id);
    if (occupant === undefined) {
      occupants.set(user.id, {
        name: user.name,
        sockets: new Set([socketId]),
        leaveTimer: undefined,
      });
      changedRooms.add(room);
    } else {
      // Back within the grace period: nobody ever saw this person leave.
      clearTimeout(occupant.leaveTimer);
      occupant.leaveTimer = undefined;
      occupant.sockets.add(socketId);
    }
    let waiting = newcomers.get(room);
    if (waiting === undefined) newcomers.set(room, (waiting = new Set<string>()));
    waiting.add(socketId);
    scheduleFlush();
  };

  const onLeave = (room: string, socketId: string) => {
    const user = users.get(socketId);
    if (user === undefined || !isChatRoom(room, socketId)) return;
    const occupants = rooms.get(room);
    const occupant = occupants?.get(user.id);
    if (occupants === undefined || occupant === undefined) return;
    occupant.sockets.delete(socketId);
    newcomers.get(room)?.delete(socketId);
    if (occupant.sockets.size > 0) return;
    const leave = () => {
      occupants.delete(user.id);
      if (occupants.size === 0) rooms.delete(room);
      changedRooms.add(room);
      scheduleFlush();
    };
    if (options.leaveGraceMs <= 0) leave();
    else occupant.leaveTimer = setTimeout(leave, options.leaveGraceMs);
  };

  adapter.on('join-room', onJoin);
  adapter.on('leave-room', onLeave);

  return {
    register: (socketId, user) => users.set(socketId, { id: user.id, name: user.name }),
    unregister: (socketId) => users.delete(socketId),
    usersIn,
    stop: () => {
      adapter.off('join-room', onJoin);
      adapter.off('leave-room', onLeave);
      clearTimeout(flushTimer);
      for (const occupants of rooms.values()) {
        for (const occupant of occupants.values()) clearTimeout(occupant.leaveTimer);
      }
    },
  };
}
