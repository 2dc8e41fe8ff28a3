import type { Database } from 'better-sqlite3';
import { mentionsName, type NotifyLevel, type RoomKind, type RoomSummary } from '../../../protocol';
import { countsFor, toRoom, UNREAD_COUNT_CAP } from '../room-records';
import type { RoomRecord, UserRef } from '../types';

interface ListRow {
  name: string;
  kind: RoomKind;
  joined: number;
  notify: NotifyLevel;
  lastReadId: number;
  lastId: number;
  topic: string;
}

/** The sidebar's rooms with their read state, and the read markers that state comes from. */
export function createSqliteRoomList(db: Database) {
  // Counted in SQL so an unread count never ships message bodies out of the database.
  db.function('parley_mentions', { deterministic: true }, (body: unknown, name: unknown) =>
    typeof body === 'string' && typeof name === 'string' && mentionsName(body, name) ? 1 : 0,
  );
  // Public channels, and every room the user is a member of: a private channel or DM of
  // others is not even a row here.
  const listRows = db.prepare<[number], ListRow>(
    `SELECT r.name, r.kind, r.topic, rm.user_id IS NOT NULL AS joined,
            COALESCE(rm.notify, 'all') AS notify,
            COALESCE(rm.last_read_id, 0) AS lastReadId,
            COALESCE((SELECT MAX(m.id) FROM messages m WHERE m.room = r.name), 0) AS lastId
     FROM rooms r LEFT JOIN room_members rm ON rm.room = r.name AND rm.user_id = ?
     WHERE (r.kind = 'channel' AND r.private = 0) OR rm.user_id IS NOT NULL`,
  );
  const unreadCounts = db.prepare<
    [string, string, number, string, number],
    { unread: number; mentions: number }
  >(
    `SELECT COUNT(*) AS unread, COALESCE(SUM(parley_mentions(body, ?)), 0) AS mentions
     FROM (SELECT body FROM messages WHERE room = ? AND id > ? AND user_key != ? LIMIT ?)`,
  );
  const insertMember = db.prepare<[string, number]>(
    'INSERT INTO room_members (room, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const lastId = db.prepare<[string], { lastId: number | null }>(
    'SELECT MAX(id) AS lastId FROM messages WHERE room = ?',
  );
  const advanceRead = db.prepare<[number, string, number]>(
    `UPDATE room_members SET last_read_id = MAX(last_read_id, ?) WHERE room = ? AND user_id = ?`,
  );
  const readMarker = db.prepare<[string, number], { lastReadId: number }>(
    'SELECT last_read_id AS lastReadId FROM room_members WHERE room = ? AND user_id = ?',
  );

  const markRead = db.transaction((room: string, user: UserRef, id: number): number => {
    insertMember.run(room, user.id);
    const newest = lastId.get(room)?.lastId ?? 0;
    advanceRead.run(Math.min(id, newest), room, user.id);
    return readMarker.get(room, user.id)?.lastReadId ?? 0;
  });

  return {
    list(user: UserRef, records: ReadonlyMap<string, RoomRecord>): RoomSummary[] {
      return listRows.all(user.id).map((row) => {
        const joined = row.joined === 1;
        // A room muted to `none` costs no count at all.
        const counted =
          joined && row.notify !== 'none'
            ? unreadCounts.get(user.name, row.name, row.lastReadId, user.key, UNREAD_COUNT_CAP)
            : undefined;
        const record = records.get(row.name);
        return {
          ...(record === undefined ? { name: row.name, kind: row.kind } : toRoom(record)),
          joined,
          ...countsFor(row.notify, counted),
          lastReadId: row.lastReadId,
          lastId: row.lastId,
          topic: row.topic,
          notify: row.notify,
        };
      });
    },
    /**
     * Moves the user's read marker forward to `id` (never back, never past the room's newest
     * message); returns the marker now stored.
     */
    markRead,
  };
}
