import type pg from 'pg';
import { mentionsName, type NotifyLevel, type RoomKind, type RoomSummary } from '../../../protocol';
import { channelRecord, countsFor, sortRoomList, toRoom, UNREAD_COUNT_CAP } from '../room-records';
import type { RoomRecord, UserRef } from '../types';

interface ListRow {
  name: string;
  kind: RoomKind;
  isPrivate: boolean;
  archived: boolean;
  createdBy: number | null;
  joined: boolean;
  notify: NotifyLevel;
  lastReadId: number;
  lastId: number;
  topic: string;
  unread: number;
  candidates: string[] | null;
}

/** The sidebar's rooms with their read state, and the read markers that state comes from. */
export function createPostgresRoomList(
  pool: pg.Pool,
  get: (room: string) => Promise<RoomRecord | undefined>,
) {
  return {
    async list(user: UserRef): Promise<RoomSummary[]> {
      // PostgreSQL's regular expressions lack Unicode classes, so the database only picks the
      // unread messages that contain "@name" at all, and the shared rule decides on those.
      // Public channels, and every room the user is a member of: a private channel or DM of
      // others is not even a row here. A room muted to `none` costs no count.
      const { rows } = await pool.query<ListRow>(
        `SELECT r.name, r.kind, r.topic, r.private AS "isPrivate",
                r.archived_at IS NOT NULL AS archived, r.created_by AS "createdBy",
                rm.user_id IS NOT NULL AS joined, COALESCE(rm.notify, 'all') AS notify,
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
         ) AS u ON rm.user_id IS NOT NULL AND rm.notify != 'none'
         WHERE (r.kind = 'channel' AND NOT r.private) OR rm.user_id IS NOT NULL`,
        [user.id, `@${user.name}`, user.key, UNREAD_COUNT_CAP],
      );
      const rooms = await Promise.all(
        rows.map(async (row) => {
          // A channel's row says all its record does; a DM's members come from the cache.
          const record = row.kind === 'channel' ? channelRecord(row) : await get(row.name);
          const room = record === undefined ? { name: row.name, kind: row.kind } : toRoom(record);
          const mentions = (row.candidates ?? []).filter((body) =>
            mentionsName(body, user.name),
          ).length;
          const counted = row.joined ? { unread: row.unread, mentions } : undefined;
          return {
            ...room,
            joined: row.joined,
            ...countsFor(row.notify, counted),
            lastReadId: row.lastReadId,
            lastId: row.lastId,
            topic: row.topic,
            notify: row.notify,
          };
        }),
      );
      return sortRoomList(rooms, user);
    },
    /**
     * Moves the user's read marker forward to `id` (never back, never past the room's newest
     * message); returns the marker now stored.
     */
    async markRead(room: string, user: UserRef, id: number): Promise<number> {
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
  };
}
