import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DM_PREFIX, type NotifyLevel, type RoomKind } from '../../../protocol';
import type { Role } from '../../../protocol-accounts';
import {
  channelRecord,
  dmKeyOf,
  dmRecord,
  renameInRecords,
  sortRoomList,
  toRoom,
} from '../room-records';
import type { RoomRecord, RoomStore, UserRef } from '../types';
import { createSqliteRoomList } from './sqlite-room-list';

interface ChannelRow {
  name: string;
  isPrivate: number;
  archived: number;
  createdBy: number | null;
}

interface MemberRow {
  room: string;
  userId: number;
  name: string;
}

/**
 * SQLite rooms. Every event checks its room, so room records (a channel's flags, a DM's
 * members) live in memory: SQLite means one process, and records change only through this
 * store, so they are never stale. Private channels' memberships are looked up each time.
 */
export function createSqliteRoomStore(db: Database): RoomStore {
  const insertRoom = db.prepare<[string, RoomKind, string, string | null, number, number | null]>(
    `INSERT INTO rooms (name, kind, created_at, dm_key, private, created_by)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const roomByDmKey = db.prepare<[string], { name: string }>(
    'SELECT name FROM rooms WHERE dm_key = ?',
  );
  const insertMember = db.prepare<[string, number]>(
    'INSERT INTO room_members (room, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const deleteMember = db.prepare<[string, number]>(
    'DELETE FROM room_members WHERE room = ? AND user_id = ?',
  );
  const isMember = db.prepare<[string, number], { one: number }>(
    'SELECT 1 AS one FROM room_members WHERE room = ? AND user_id = ?',
  );
  const memberRooms = db.prepare<[number], { room: string }>(
    'SELECT room FROM room_members WHERE user_id = ?',
  );
  const members = db.prepare<[string], { userId: number; name: string; role: Role }>(
    `SELECT u.id AS userId, u.name, u.role FROM room_members rm JOIN users u ON u.id = rm.user_id
     WHERE rm.room = ? AND u.deactivated_at IS NULL`,
  );
  const updateTopic = db.prepare<[string, string]>('UPDATE rooms SET topic = ? WHERE name = ?');
  const updateArchived = db.prepare<[string | null, string]>(
    'UPDATE rooms SET archived_at = ? WHERE name = ?',
  );
  const upsertNotify = db.prepare<[string, number, NotifyLevel]>(
    `INSERT INTO room_members (room, user_id, notify) VALUES (?, ?, ?)
     ON CONFLICT (room, user_id) DO UPDATE SET notify = excluded.notify`,
  );
  const roomList = createSqliteRoomList(db);

  const records = new Map<string, RoomRecord>();
  const channels = db
    .prepare<[], ChannelRow>(
      `SELECT name, private AS isPrivate, archived_at IS NOT NULL AS archived,
              created_by AS createdBy
       FROM rooms WHERE kind = 'channel'`,
    )
    .all();
  for (const row of channels) {
    records.set(
      row.name,
      channelRecord({ ...row, isPrivate: row.isPrivate === 1, archived: row.archived === 1 }),
    );
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
  for (const [room, rows] of grouped) {
    if (rows.length >= 2) records.set(room, dmRecord(room, rows));
  }

  const openDm = db.transaction((people: readonly UserRef[]): RoomRecord => {
    const key = dmKeyOf(people.map((person) => person.id));
    const existing = roomByDmKey.get(key);
    if (existing !== undefined) {
      const record = records.get(existing.name);
      if (record !== undefined) return record;
    }
    // Opaque and unguessable: knowing people's names tells nothing about their DM's name.
    const name = `${DM_PREFIX}${randomBytes(10).toString('hex')}`;
    insertRoom.run(name, 'dm', new Date().toISOString(), key, 1, null);
    for (const person of people) insertMember.run(name, person.id);
    return dmRecord(
      name,
      people.map((person) => ({ userId: person.id, name: person.name })),
    );
  });

  const createChannel = db.transaction(
    (name: string, isPrivate: boolean, topic: string, createdBy: number): boolean => {
      const at = new Date().toISOString();
      const { changes } = insertRoom.run(name, 'channel', at, null, isPrivate ? 1 : 0, createdBy);
      if (changes === 0) return false;
      if (topic !== '') updateTopic.run(topic, name);
      insertMember.run(name, createdBy);
      return true;
    },
  );

  return {
    get: (room) => Promise.resolve(records.get(room)),
    createChannel: ({ name, isPrivate, topic, createdBy }) => {
      if (!createChannel(name, isPrivate, topic, createdBy)) {
        return Promise.resolve({ ok: false, reason: 'conflict' });
      }
      const record = channelRecord({ name, isPrivate, archived: false, createdBy });
      records.set(name, record);
      return Promise.resolve({ ok: true, room: toRoom(record) });
    },
    openDm: (people) => {
      const record = openDm(people);
      records.set(record.name, record);
      return Promise.resolve(toRoom(record));
    },
    join: (room, userId) => {
      insertMember.run(room, userId);
      return Promise.resolve();
    },
    leave: (room, userId) => Promise.resolve(deleteMember.run(room, userId).changes > 0),
    isMember: (room, userId) => Promise.resolve(isMember.get(room, userId) !== undefined),
    members: (room) => Promise.resolve(members.all(room)),
    setArchived: (room, archived) => {
      updateArchived.run(archived ? new Date().toISOString() : null, room);
      const record = records.get(room);
      if (record !== undefined) records.set(room, { ...record, archived });
      return Promise.resolve();
    },
    setNotify: (room, userId, level) => {
      upsertNotify.run(room, userId, level);
      return Promise.resolve();
    },
    memberRooms: (userId) => Promise.resolve(memberRooms.all(userId).map((row) => row.room)),
    list: (user) => Promise.resolve(sortRoomList(roomList.list(user, records), user)),
    markRead: (room, user, id) => Promise.resolve(roomList.markRead(room, user, id)),
    setTopic: (room, topic) => {
      updateTopic.run(topic, room);
      return Promise.resolve();
    },
    renamed: (userId, name) => renameInRecords(records, userId, name),
  };
}
