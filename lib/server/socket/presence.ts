import type { People, PresenceDirectory } from '../cluster/presence-directory';
import { isChatRoom, type SocketServer } from './types';

/** A presence event names at most this many people (sorted); `count` says how many there are. */
export const PRESENCE_NAMES_LIMIT = 100;
/** Rooms this large (in sockets) get their presence at most every `flushMs` × (sockets / this). */
const SOCKETS_PER_FLUSH_STEP = 1_000;
const MAX_FLUSH_MS = 5_000;

export interface PresenceOptions {
  /**
   * A person whose last socket left a room stays listed this long: a reload or a short network
   * drop comes back within it, so the room sees neither a leave nor a join.
   */
  leaveGraceMs: number;
  /** Changes are gathered this long and sent as one `presence` per room: a connect storm of N
   * people costs each member one event per flush, not N. */
  flushMs: number;
  /** Told when the shared directory (Redis) fails; presence carries on with what it has. */
  onError?: (error: unknown) => void;
}

export const DEFAULT_PRESENCE: PresenceOptions = { leaveGraceMs: 5_000, flushMs: 250 };

interface Occupant {
  name: string;
  sockets: Set<string>;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;
}

export interface Presence {
  /** The person now goes by `name`: every room that lists them lists the new name. */
  renamed(userId: number, name: string): void;
  stop(): void;
}

/**
 * Who is online in each room, counted in people (user ids), not sockets: a person with three
 * tabs is one entry. It follows the adapter's own join/leave events, so every way a socket
 * enters or leaves a room (join, leave, disconnect, `socketsJoin`) is seen exactly once.
 * Each member of a room gets `presence {room, users}` when the list changes; a socket that
 * enters a room gets the current list.
 */
export function trackPresence(
  io: SocketServer,
  options: PresenceOptions,
  directory?: PresenceDirectory,
): Presence {
  const namespace = io.of('/');
  const { adapter } = namespace;
  // A socket is still in the namespace while it leaves its rooms on disconnect.
  const userOf = (socketId: string) => namespace.sockets.get(socketId)?.data.user;
  const rooms = new Map<string, Map<number, Occupant>>();
  const changedRooms = new Set<string>();
  const newcomers = new Map<string, Set<string>>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const localPeople = (room: string): People =>
    new Map([...(rooms.get(room) ?? [])].map(([id, occupant]) => [id, occupant.name]));
  // With several nodes, each tells its own sockets what the directory says of every node.
  const everyone = async (room: string): Promise<People> =>
    directory === undefined ? localPeople(room) : directory.read(room, localPeople(room));
  const audience = (room: string) => (directory === undefined ? io.to(room) : io.local.to(room));
  // The list's size is bounded, so a room of thousands costs each member a small event, not
  // one that grows with the room (N members × N names per change would be quadratic).
  const presenceOf = async (room: string) => {
    const names = [...new Set((await everyone(room)).values())].sort((a, b) =>
      a.localeCompare(b, 'en'),
    );
    return { room, users: names.slice(0, PRESENCE_NAMES_LIMIT), count: names.length };
  };
  const failed = (error: unknown) => {
    options.onError?.(error);
  };

  // Big rooms are told less often: a connect storm of N sockets then costs a few broadcasts.
  const nextFlushAt = new Map<string, number>();
  const flushDelay = (room: string) => {
    const sockets = adapter.rooms.get(room)?.size ?? 0;
    return Math.min(MAX_FLUSH_MS, options.flushMs * Math.max(1, sockets / SOCKETS_PER_FLUSH_STEP));
  };

  // Rooms whose people on this node changed since the directory last heard.
  const unpublished = new Set<string>();

  const flush = async () => {
    const now = performance.now();
    let later = Infinity;
    const due: string[] = [];
    for (const room of changedRooms) {
      const dueAt = nextFlushAt.get(room) ?? 0;
      if (dueAt > now) {
        later = Math.min(later, dueAt - now);
        continue;
      }
      due.push(room);
      nextFlushAt.set(room, now + flushDelay(room));
      changedRooms.delete(room);
    }
    const welcomed = [...newcomers].filter(([room]) => !due.includes(room));
    newcomers.clear();
    if (directory !== undefined && unpublished.size > 0) {
      const publishing = new Map([...unpublished].map((room) => [room, localPeople(room)]));
      unpublished.clear();
      await directory.publish(publishing).catch(failed);
    }
    // Each room's list is read at once (one round trip to Redis for all, with several nodes).
    const lists = await Promise.all(
      [...due, ...welcomed.map(([room]) => room)].map((room) => presenceOf(room)),
    );
    due.forEach((room, i) => {
      const list = lists[i];
      if (list !== undefined) audience(room).emit('presence', list);
    });
    welcomed.forEach(([, sockets], i) => {
      const list = lists[due.length + i];
      // Socket ids are this node's own: no need to ask the other nodes.
      if (list !== undefined)
        (directory === undefined ? io : io.local).to([...sockets]).emit('presence', list);
    });
    // A change during the awaits above may have scheduled the next flush already.
    if (changedRooms.size > 0 && flushTimer === undefined) {
      flushTimer = setTimeout(runFlush, later);
    }
  };
  const runFlush = () => {
    flushTimer = undefined;
    flush().catch(failed);
  };
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(runFlush, options.flushMs);
  };
  const changed = (room: string) => {
    changedRooms.add(room);
    unpublished.add(room);
  };

  const onJoin = (room: string, socketId: string) => {
    const user = userOf(socketId);
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
      changed(room);
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
    const user = userOf(socketId);
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
      changed(room);
      scheduleFlush();
    };
    if (options.leaveGraceMs <= 0) leave();
    else occupant.leaveTimer = setTimeout(leave, options.leaveGraceMs);
  };

  adapter.on('join-room', onJoin);
  adapter.on('leave-room', onLeave);
  // Another node's people changed: re-read the room and tell this node's sockets in it.
  directory?.onChange((room) => {
    for (const local of room === undefined ? rooms.keys() : [room]) {
      if (rooms.has(local) || adapter.rooms.has(local)) changedRooms.add(local);
    }
    scheduleFlush();
  });
  directory?.onRepublish(() => {
    for (const room of rooms.keys()) unpublished.add(room);
    scheduleFlush();
  });

  return {
    renamed: (userId, name) => {
      for (const [room, occupants] of rooms) {
        const occupant = occupants.get(userId);
        if (occupant === undefined || occupant.name === name) continue;
        occupant.name = name;
        changed(room);
        scheduleFlush();
      }
    },
    stop: () => {
      nextFlushAt.clear();
      adapter.off('join-room', onJoin);
      adapter.off('leave-room', onLeave);
      clearTimeout(flushTimer);
      for (const occupants of rooms.values()) {
        for (const occupant of occupants.values()) clearTimeout(occupant.leaveTimer);
      }
    },
  };
}
