import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DM_PREFIX, mentionsName, type RoomKind } from '../../../protocol';
import {
  dmKeyOf,
  dmRecord,
  renameInRecords,
  sortRoomList,
  toRoom,
  UNREAD_COUNT_CAP,
} from '../room-records';
import type { RoomRecord, RoomStore } from '../types';
import { inTransaction } from './postgres-database';

interface ListRow {
  name: string;
  kind: RoomKind;
  joined: boolean;
  lastReadId: number;
  lastId: number;
  topic: string;
  unread: number;
  candidates: string[] | null;
}

/**
 * PostgreSQL rooms. Every event checks its room, so room records are cached once found; a room
 * is never deleted and a DM's members never change, so a cached record is never stale. A room
 * another node created is not cached yet: the first look finds it in the database.
 */
export function createPostgresRoomStore(pool: pg.Pool): RoomStore {
  const records = new Map<string, RoomRecord>();

  async function load(room: string): Promise<RoomRecord | undefined> {
    const { rows } = await pool.query<{
      kind: RoomKind;
      userId: number | null;
      name: string | null;
    }>(
      `SELECT r.kind, u.id AS "userId", u.name FROM rooms r
       LEFT JOIN room_members rm ON r.kind = 'dm' AND rm.room = r.name
       LEFT JOIN users u ON u.id = rm.user_id
       WHERE r.name = $1 ORDER BY u.id`,
      [room],
    );
    const [first, second] = rows;
    if (first === undefined) return undefined;
    let record: RoomRecord = { name: room, kind: first.kind };
    if (first.kind === 'dm') {
      if (first.userId === null || first.name === null) return undefined;
      if (second?.userId == null || second.name === null) return undefined;
      record = dmRecord(
        room,
        { userId: first.userId, name: first.name },
        { userId: second.userId, name: second.name },
      );
    }
    records.set(room, record);
    return record;
  }

  return {
    get: async (room) => records.get(room) ?? (await load(room)),
    createChannel: async (name) => {
      const { rowCount } = await pool.query(
        `INSERT INTO rooms (name, kind) VALUES ($1, 'channel') ON CONFLICT DO NOTHING`,
        [name],
      );
      if ((rowCount ?? 0) === 0) return { ok: false, reason: 'conflict' };
      const record: RoomRecord = { name, kind: 'channel' };
      records.set(name, record);
      return { ok: true, room: toRoom(record) };
    },
    openDm: async (a, b) => {
      const key = dmKeyOf(a.id, b.id);
      // Opaque and unguessable: knowing two people's names tells nothing about their DM's name.
      const fresh = `${DM_PREFIX}${randomBytes(10).toString('hex')}`;
      // Two nodes opening the same DM at once: the unique dm_key lets one insert win; the
      // other finds that room.
      const name = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `INSERT INTO rooms (name, kind, dm_key) VALUES ($1, 'dm', $2)
           ON CONFLICT (dm_key) DO NOTHING RETURNING name`,
          [fresh, key],
        );
        if (rows[0] === undefined) return undefined;
        await client.query(
          `INSERT INTO room_members (room, user_id) VALUES ($1, $2), ($1, $3)
           ON CONFLICT DO NOTHING`,
          [fresh, a.id, b.id],
        );
        return fresh;
      });
      if (name !== undefined) {
        const record = dmRecord(
          name,
          { userId: a.id, name: a.name },
          { userId: b.id, name: b.name },
        );
        records.set(name, record);
        return toRoom(record);
      }
      const { rows } = await pool.query<{ name: string }>(
        'SELECT name FROM rooms WHERE dm_key = $1',
        [key],
      );
      const existing = rows[0] === undefined ? undefined : await load(rows[0].name);
      if (existing === undefined) throw new Error(`DM ${key} vanished`);
      return toRoom(existing);
    },
    join: async (room, userId) => {
      await pool.query(
        'INSERT INTO room_members (room, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [room, userId],
      );
    },
    memberRooms: async (userId) => {
      const { rows } = await pool.query<{ room: string }>(
        'SELECT room FROM room_members WHERE user_id = $1',
        [userId],
      );
      return rows.map((row) => row.room);
    },
    list: async (user) => {
      // PostgreSQL's regular expressions lack Unicode classes, so the database only picks the
      // unread messages that contain "@name" at all, and the shared rule decides on those.
      const { rows } = await pool.query<ListRow>(
        `SELECT r.name, r.kind, r.topic, rm.user_id IS NOT NULL AS joined,
                COALESCE(rm.last_read_id, 0) AS "lastReadId",
                COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room = r.name), 0) AS "lastId",
                COALESCE(u.unread, 0) AS unread, u.candidates
         FROM rooms r
         LEFT JOIN room_members rm ON rm.room = r.name AND rm.user_id = $1
         LEFT JOIN LATERAL (
           SELECT COUNT(*) AS unread,
                  array_agg(s.body) FILTER (WHERE strpos(lower(s.body), lower($2)) > 0) AS candidates
           FROM (SELECT body FROM messages m
                 WHERE m.room = r.name AND m.id > rm.last_read_id AND m.user_key != $3
                 LIMIT $4) AS s
         ) AS u ON rm.user_id IS NOT NULL
         WHERE r.kind = 'channel' OR rm.user_id IS NOT NULL`,
        [user.id, `@${user.name}`, user.key, UNREAD_COUNT_CAP],
      );
      const rooms = await Promise.all(
        rows.map(async (row) => {
          const record = records.get(row.name) ?? (await load(row.name));
          return {
            ...(record === undefined ? { name: row.name, kind: row.kind } : toRoom(record)),
            joined: row.joined,
            unread: row.joined ? row.unread : 0,
            mentions: (row.candidates ?? []).filter((body) => mentionsName(body, user.name)).length,
            lastReadId: row.lastReadId,
            lastId: row.lastId,
            topic: row.topic,
          };
        }),
      );
      return sortRoomList(rooms, user);
    },
    markRead: async (room, user, id) => {
      const { rows } = await pool.query<{ lastReadId: number }>(
        `INSERT INTO room_members AS rm (room, user_id, last_read_id)
         VALUES ($1, $2, LEAST($3, COALESCE((SELECT MAX(id) FROM messages WHERE room = $1), 0)))
         ON CONFLICT (room, user_id) DO UPDATE
           SET last_read_id = GREATEST(rm.last_read_id, EXCLUDED.last_read_id)
         RETURNING last_read_id AS "lastReadId"`,
        [room, user.id, id],
      );
      return rows[0]?.lastReadId ?? 0;
    },
    setTopic: async (room, topic) => {
      await pool.query('UPDATE rooms SET topic = $1 WHERE name = $2', [topic, room]);
    },
    renamed: (userId, name) => renameInRecords(records, userId, name),
  };
}
