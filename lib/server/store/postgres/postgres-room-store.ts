import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { DM_PREFIX, type RoomKind } from '../../../protocol';
import type { Role } from '../../../protocol-accounts';
import { channelRecord, dmKeyOf, dmRecord, renameInRecords, toRoom } from '../room-records';
import type { RoomRecord, RoomStore } from '../types';
import { inTransaction } from './postgres-database';
import { createPostgresRoomList } from './postgres-room-list';

interface RoomRow {
  kind: RoomKind;
  isPrivate: boolean;
  archived: boolean;
  createdBy: number | null;
}

/**
 * PostgreSQL rooms. Several nodes share them, so a channel's record (private, archived, its
 * creator) is read from the database at every look: another node may have archived it a moment
 * ago. A DM's members never change, so its record is cached once found (renames reach every
 * node's cache through `renamed`).
 */
export function createPostgresRoomStore(pool: pg.Pool): RoomStore {
  const dms = new Map<string, RoomRecord>();

  async function load(room: string): Promise<RoomRecord | undefined> {
    const { rows } = await pool.query<RoomRow>(
      `SELECT kind, private AS "isPrivate", archived_at IS NOT NULL AS archived,
              created_by AS "createdBy"
       FROM rooms WHERE name = $1`,
      [room],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    if (row.kind === 'channel') return channelRecord({ name: room, ...row });
    const members = await pool.query<{ userId: number; name: string }>(
      `SELECT u.id AS "userId", u.name FROM room_members rm JOIN users u ON u.id = rm.user_id
       WHERE rm.room = $1 ORDER BY u.id`,
      [room],
    );
    if (members.rows.length < 2) return undefined;
    const record = dmRecord(room, members.rows);
    dms.set(room, record);
    return record;
  }
  const get = async (room: string) => dms.get(room) ?? (await load(room));
  const roomList = createPostgresRoomList(pool, get);

  return {
    get,
    createChannel: async ({ name, isPrivate, topic, createdBy }) => {
      const created = await inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO rooms (name, kind, private, created_by, topic)
           VALUES ($1, 'channel', $2, $3, $4) ON CONFLICT DO NOTHING`,
          [name, isPrivate, createdBy, topic],
        );
        if ((rowCount ?? 0) === 0) return false;
        await client.query('INSERT INTO room_members (room, user_id) VALUES ($1, $2)', [
          name,
          createdBy,
        ]);
        return true;
      });
      if (!created) return { ok: false, reason: 'conflict' };
      return {
        ok: true,
        room: toRoom(channelRecord({ name, isPrivate, archived: false, createdBy })),
      };
    },
    openDm: async (people) => {
      const key = dmKeyOf(people.map((person) => person.id));
      // Opaque and unguessable: knowing people's names tells nothing about their DM's name.
      const fresh = `${DM_PREFIX}${randomBytes(10).toString('hex')}`;
      // Two nodes opening the same DM at once: the unique dm_key lets one insert win; the
      // other finds that room.
      const name = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          `INSERT INTO rooms (name, kind, dm_key, private) VALUES ($1, 'dm', $2, true)
           ON CONFLICT (dm_key) DO NOTHING RETURNING name`,
          [fresh, key],
        );
        if (rows[0] === undefined) return undefined;
        await client.query(
          `INSERT INTO room_members (room, user_id) SELECT $1, unnest($2::bigint[])
           ON CONFLICT DO NOTHING`,
          [fresh, people.map((person) => person.id)],
        );
        return fresh;
      });
      if (name !== undefined) {
        const record = dmRecord(
          name,
          people.map((person) => ({ userId: person.id, name: person.name })),
        );
        dms.set(name, record);
        return toRoom(record);
      }
      const { rows } = await pool.query<{ name: string }>(
        'SELECT name FROM rooms WHERE dm_key = $1',
        [key],
      );
      const existing = rows[0] === undefined ? undefined : await get(rows[0].name);
      if (existing === undefined) throw new Error(`DM ${key} vanished`);
      return toRoom(existing);
    },
    join: async (room, userId) => {
      await pool.query(
        'INSERT INTO room_members (room, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [room, userId],
      );
    },
    leave: async (room, userId) => {
      const { rowCount } = await pool.query(
        'DELETE FROM room_members WHERE room = $1 AND user_id = $2',
        [room, userId],
      );
      return (rowCount ?? 0) > 0;
    },
    isMember: async (room, userId) => {
      const { rowCount } = await pool.query(
        'SELECT 1 FROM room_members WHERE room = $1 AND user_id = $2',
        [room, userId],
      );
      return (rowCount ?? 0) > 0;
    },
    members: async (room) => {
      const { rows } = await pool.query<{ userId: number; name: string; role: Role }>(
        `SELECT u.id AS "userId", u.name, u.role FROM room_members rm
         JOIN users u ON u.id = rm.user_id
         WHERE rm.room = $1 AND u.deactivated_at IS NULL`,
        [room],
      );
      return rows;
    },
    setArchived: async (room, archived) => {
      await pool.query('UPDATE rooms SET archived_at = $1 WHERE name = $2', [
        archived ? new Date() : null,
        room,
      ]);
    },
    setNotify: async (room, userId, level) => {
      await pool.query(
        `INSERT INTO room_members (room, user_id, notify) VALUES ($1, $2, $3)
         ON CONFLICT (room, user_id) DO UPDATE SET notify = EXCLUDED.notify`,
        [room, userId, level],
      );
    },
    memberRooms: async (userId) => {
      const { rows } = await pool.query<{ room: string }>(
        'SELECT room FROM room_members WHERE user_id = $1',
        [userId],
      );
      return rows.map((row) => row.room);
    },
    list: (user) => roomList.list(user),
    markRead: (room, user, id) => roomList.markRead(room, user, id),
    setTopic: async (room, topic) => {
      await pool.query('UPDATE rooms SET topic = $1 WHERE name = $2', [topic, room]);
    },
    renamed: (userId, name) => renameInRecords(dms, userId, name),
  };
}
