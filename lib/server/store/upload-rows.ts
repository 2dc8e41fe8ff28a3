import type { StoredUpload } from './types';

/**
 * An upload row as both stores read it, with its message's room. Timestamps are ISO strings in
 * SQLite and Dates in PostgreSQL, hence `Time`.
 */
export interface UploadRowOf<Time> {
  id: string;
  user_id: number;
  name: string;
  size: number;
  type: string;
  width: number | null;
  height: number | null;
  thumbnail_size: number | null;
  created_at: Time;
  message_id: number | null;
  room: string | null;
}

/** The columns `UploadRowOf` reads: `uploads u` joined with its message `m`. */
export const UPLOAD_COLUMNS = `u.id, u.user_id, u.name, u.size, u.type, u.width, u.height,
  u.thumbnail_size, u.created_at, u.message_id, m.room`;

/** The one place a stored upload row becomes a `StoredUpload`. */
export function toUpload<Time>(row: UploadRowOf<Time>, iso: (time: Time) => string): StoredUpload {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    size: row.size,
    type: row.type,
    ...(row.width === null ? {} : { width: row.width }),
    ...(row.height === null ? {} : { height: row.height }),
    ...(row.thumbnail_size === null ? {} : { thumbnailSize: row.thumbnail_size }),
    createdAt: iso(row.created_at),
    ...(row.message_id === null ? {} : { messageId: row.message_id }),
    ...(row.room === null ? {} : { room: row.room }),
  };
}
