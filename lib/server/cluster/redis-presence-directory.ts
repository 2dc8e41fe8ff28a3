import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { PresenceDirectory } from './presence-directory';

/** How often a node says it is alive; after three missed beats its people stop counting. */
export const NODE_HEARTBEAT_MS = 2_000;
const NODE_TIMEOUT_MS = 3 * NODE_HEARTBEAT_MS;

// What nodes write to each other through Redis, checked like any input: a node of another
// version (during a rolling upgrade) must not be able to break this one.
const changeNoteSchema = z.object({
  node: z.string(),
  /** Absent: every room (the node came back, or left). */
  room: z.string().optional(),
  /** The node shut down: its people no longer count. */
  left: z.literal(true).optional(),
});
type ChangeNote = z.infer<typeof changeNoteSchema>;
const peopleSchema = z.array(z.tuple([z.number(), z.string()]));

const parseJson = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

/**
 * Presence in Redis: a hash per room, one field per node holding that node's people
 * (`[[id, name], ...]`), and a sorted set of nodes by last heartbeat. A change is announced on a
 * channel, so other nodes re-read that room and tell their own sockets. A node killed without
 * warning stops beating: within `NODE_TIMEOUT_MS` the others drop its people and re-announce.
 */
export function createRedisPresenceDirectory(options: {
  redis: Redis;
  subscriber: Redis;
  prefix: string;
  nodeId: string;
  heartbeatMs?: number;
}): PresenceDirectory {
  const { redis, subscriber, prefix, nodeId, heartbeatMs = NODE_HEARTBEAT_MS } = options;
  const roomKey = (room: string) => `${prefix}presence:${room}`;
  const nodesKey = `${prefix}nodes`;
  const channel = `${prefix}presence-changes`;
  const changeListeners = new Set<(room: string | undefined) => void>();
  const republishListeners = new Set<() => void>();
  const goneListeners = new Set<() => void>();
  const peerGone = () => {
    for (const listener of goneListeners) listener();
  };
  let liveNodes = new Set<string>([nodeId]);
  let isStopped = false;
  const publishedRooms = new Set<string>();

  const notify = (room: string | undefined) => {
    for (const listener of changeListeners) listener(room);
  };

  const onNote = (from: string, raw: string) => {
    if (from !== channel) return;
    const parsed = changeNoteSchema.safeParse(parseJson(raw));
    if (!parsed.success || parsed.data.node === nodeId) return;
    const note = parsed.data;
    // A node we did not know of yet is alive, whatever the last heartbeat read said.
    if (note.left === true) liveNodes.delete(note.node);
    else liveNodes.add(note.node);
    notify(note.room);
    if (note.left === true) peerGone();
  };
  subscriber.on('message', onNote);
  void subscriber.subscribe(channel).catch(() => undefined);

  const beat = async () => {
    const now = Date.now();
    await redis.zadd(nodesKey, now, nodeId);
    await redis.zremrangebyscore(nodesKey, 0, now - NODE_TIMEOUT_MS * 4);
    const live = new Set(await redis.zrangebyscore(nodesKey, now - NODE_TIMEOUT_MS, '+inf'));
    live.add(nodeId);
    const lost = [...liveNodes].some((node) => !live.has(node));
    liveNodes = live;
    if (lost) {
      notify(undefined);
      peerGone();
    }
  };
  const heartbeat = setInterval(() => void beat().catch(() => undefined), heartbeatMs);
  heartbeat.unref();
  void beat().catch(() => undefined);

  // Redis came back (perhaps empty, as when it keeps nothing on disk): write our people again
  // and have every room re-read.
  let wasDisconnected = false;
  redis.on('close', () => {
    wasDisconnected = true;
  });
  redis.on('ready', () => {
    if (!wasDisconnected || isStopped) return;
    wasDisconnected = false;
    void beat().catch(() => undefined);
    for (const listener of republishListeners) listener();
    notify(undefined);
  });

  return {
    publish: async (rooms) => {
      if (rooms.size === 0) return;
      const pipeline = redis.pipeline();
      for (const [room, people] of rooms) {
        if (people.size === 0) {
          pipeline.hdel(roomKey(room), nodeId);
          publishedRooms.delete(room);
        } else {
          pipeline.hset(roomKey(room), nodeId, JSON.stringify([...people]));
          publishedRooms.add(room);
        }
        pipeline.publish(channel, JSON.stringify({ node: nodeId, room } satisfies ChangeNote));
      }
      await pipeline.exec();
    },
    read: async (room, local) => {
      const merged = new Map(local);
      const fields = await redis.hgetall(roomKey(room));
      const stale: string[] = [];
      for (const [node, value] of Object.entries(fields)) {
        if (node === nodeId) continue;
        if (!liveNodes.has(node)) {
          stale.push(node);
          continue;
        }
        const people = peopleSchema.safeParse(parseJson(value));
        if (!people.success) {
          stale.push(node);
          continue;
        }
        for (const [id, name] of people.data) merged.set(id, name);
      }
      // A dead node's people are dropped from the shared record by whoever reads it first.
      if (stale.length > 0) await redis.hdel(roomKey(room), ...stale);
      return merged;
    },
    onChange: (listener) => {
      changeListeners.add(listener);
    },
    onRepublish: (listener) => {
      republishListeners.add(listener);
    },
    onPeerGone: (listener) => {
      goneListeners.add(listener);
    },
    stop: async () => {
      isStopped = true;
      clearInterval(heartbeat);
      subscriber.off('message', onNote);
      // Leaving cleanly: the others forget our people at once, not after the timeout.
      const pipeline = redis.pipeline().zrem(nodesKey, nodeId);
      for (const room of publishedRooms) pipeline.hdel(roomKey(room), nodeId);
      pipeline.publish(channel, JSON.stringify({ node: nodeId, left: true } satisfies ChangeNote));
      await pipeline.exec().catch(() => undefined);
    },
  };
}
