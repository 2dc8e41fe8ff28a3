import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DM_PREFIX, mentionsName, type RoomKind } from '../../../protocol';
import {
  dmKeyOf,
  dmRecord,
  renameInRecords,
  sortRoomList,
  toRoom,
  UNREAD_COUNT_CAP,
} from '../room-records';
import type { RoomRecord, RoomStore, UserRef } from '../types';

interface RoomRow {
  name: string;
  kind: RoomKind;
}

interface MemberRow {
  room: string;
  userId: number;
  name: string;
}

interface ListRow {
  name: string;
  kind: RoomKind;
  joined: number;
  lastReadId: number;
  lastId: number;
  topic: string;
}

/**
 * SQLite rooms. Every event checks its room, so room records (with a DM's two members) live in
 * memory; they change only through this store.
 */
export function createSqliteRoomStore(db: Database): RoomStore {
  // Counted in SQL so an unread count never ships message bodies out of the database.
  db.function('parley_mentions', { deterministic: true }, (body: unknown, name: unknown) =>
    typeof body === 'string' && typeof name === 'string' && mentionsName(body, name) ? 1 : 0,
  );

  const insertRoom = db.prepare<[string, RoomKind, string, string | null]>(
    `INSERT INTO rooms (name, kind, created_at, dm_key) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const roomByDmKey = db.prepare<[string], { name: string }>(
    'SELECT name FROM rooms WHERE dm_key = ?',
  );
  const insertMember = db.prepare<[string, number]>(
    'INSERT INTO room_members (room, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const memberRooms = db.prepare<[number], { room: string }>(
    'SELECT room FROM room_members WHERE user_id = ?',
  );
  const listRows = db.prepare<[number], ListRow>(
    `SELECT r.name, r.kind, r.topic, rm.user_id IS NOT NULL AS joined,
            COALESCE(rm.last_read_id, 0) AS lastReadId,
            COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room = r.name), 0) AS lastId
     FROM rooms r LEFT JOIN room_members rm ON rm.room = r.name AND rm.user_id = ?
     WHERE r.kind = 'channel' OR rm.user_id IS NOT NULL`,
  );
  const unreadCounts = db.prepare<
    [string, string, number, string, number],
    { unread: number; mentions: number }
  >(
    `SELECT COUNT(*) AS unread, COALESCE(SUM(parley_mentions(body, ?)), 0) AS mentions
     FROM (SELECT body FROM messages WHERE room = ? AND id > ? AND user_key != ? LIMIT ?)`,
  );
  const lastId = db.prepare<[string], { lastId: number | null }>(
    'SELECT MAX(id) AS lastId FROM messages WHERE room = ?',
  );
  const advanceRead = db.prepare<[number, string, number]>(
    `UPDATE room_members SET last_read_id = MAX(last_read_id, ?) WHERE room = ? AND user_id = ?`,
  );
  const updateTopic = db.prepare<[string, string]>('UPDATE rooms SET topic = ? WHERE name = ?');
  const readMarker = db.prepare<[string, number], { lastReadId: number }>(
    'SELECT last_read_id AS lastReadId FROM room_members WHERE room = ? AND user_id = ?',
  );

  const records = new Map<string, RoomRecord>();
  for (const row of db.prepare<[], RoomRow>('SELECT name, kind FROM rooms').all()) {
    records.set(row.name, { name: row.name, kind: row.kind });
  }
  const dmMembers = db
    .prepare<[], MemberRow>(
      `SELECT rm.room, rm.user_id AS userId, u.name FROM room_members rm
       JOIN rooms r ON r.name = rm.room JOIN users u ON u.id = rm.user_id
       WHERE r.kind = 'dm' ORDER BY rm.room, rm.user_id`,
    )
    .all();
  const grouped = new Map<string, MemberRow[]>();
  for (const row of dmMembers) grouped.set(row.room, [...(grouped.get(row.room) ?? []), row]);
  for (const [room, [a, b]] of grouped) {
    if (a === undefined || b === undefined) continue;
    records.set(room, dmRecord(room, a, b));
  }

  const openDm = db.transaction((a: UserRef, b: UserRef): RoomRecord => {
    const key = dmKeyOf(a.id, b.id);
    const existing = roomByDmKey.get(key);
    if (existing !== undefined) {
      const record = records.get(existing.name);
      if (record !== undefined) return record;
    }
    // Opaque and unguessable: knowing two people's names tells nothing about their DM's name.
    const name = `${DM_PREFIX}${randomBytes(10).toString('hex')}`;
    insertRoom.run(name, 'dm', new Date().toISOString(), key);
    insertMember.run(name, a.id);
    insertMember.run(name, b.id);
    return dmRecord(name, { userId: a.id, name: a.name }, { userId: b.id, name: b.name });
  });

  const markRead = db.transaction((room: string, user: UserRef, id: number): number => {
    insertMember.run(room, user.id);
    const newest = lastId.get(room)?.lastId ?? 0;
    advanceRead.run(Math.min(id, newest), room, user.id);
    return readMarker.get(room, user.id)?.lastReadId ?? 0;
  });

  return {
    get: (room) => Promise.resolve(records.get(room)),
    createChannel: (name) => {
      const { changes } = insertRoom.run(name, 'channel', new Date().toISOString(), null);
      if (changes === 0) return Promise.resolve({ ok: false, reason: 'conflict' });
      const record: RoomRecord = { name, kind: 'channel' };
      records.set(name, record);
      return Promise.resolve({ ok: true, room: toRoom(record) });
    },
    openDm: (a, b) => {
      const record = openDm(a, b);
      records.set(record.name, record);
      return Promise.resolve(toRoom(record));
    },
    join: (room, userId) => {
      insertMember.run(room, userId);
      return Promise.resolve();
    },
    memberRooms: (userId) => Promise.resolve(memberRooms.all(userId).map((row) => row.room)),
    list: (user) => {
      const rooms = listRows.all(user.id).map((row) => {
        const joined = row.joined === 1;
        const counts = joined
          ? unreadCounts.get(user.name, row.name, row.lastReadId, user.key, UNREAD_COUNT_CAP)
          : undefined;
        const record = records.get(row.name);
        return {
          ...(record === undefined ? { name: row.name, kind: row.kind } : toRoom(record)),
          joined,
          unread: counts?.unread ?? 0,
          mentions: counts?.mentions ?? 0,
          lastReadId: row.lastReadId,
          lastId: row.lastId,
          topic: row.topic,
        };
      });
      return Promise.resolve(sortRoomList(rooms, user));
    },
    markRead: (room, user, id) => Promise.resolve(markRead(room, user, id)),
    setTopic: (room, topic) => {
      updateTopic.run(topic, room);
      return Promise.resolve();
    },
    renamed: (userId, name) => renameInRecords(records, userId, name),
  };
}
