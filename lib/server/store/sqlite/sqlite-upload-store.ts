import type { Database } from 'better-sqlite3';
import type { RemovedUpload, StoredUpload, UploadStore } from '../types';

interface UploadRow {
  id: string;
  user_id: number;
  name: string;
  size: number;
  type: string;
  width: number | null;
  height: number | null;
  thumbnail_size: number | null;
  created_at: string;
  message_id: number | null;
  room: string | null;
}

function toUpload(row: UploadRow): StoredUpload {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    size: row.size,
    type: row.type,
    ...(row.width === null ? {} : { width: row.width }),
    ...(row.height === null ? {} : { height: row.height }),
    ...(row.thumbnail_size === null ? {} : { thumbnailSize: row.thumbnail_size }),
    createdAt: row.created_at,
    ...(row.message_id === null ? {} : { messageId: row.message_id }),
    ...(row.room === null ? {} : { room: row.room }),
  };
}

/** SQLite uploads (see `UploadStore`). */
export function createSqliteUploadStore(db: Database): UploadStore {
  const insert = db.prepare<
    [string, number, string, number, string, number | null, number | null, number | null, string]
  >(
    `INSERT INTO uploads (id, user_id, name, size, type, width, height, thumbnail_size, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], UploadRow>(
    `SELECT u.id, u.user_id, u.name, u.size, u.type, u.width, u.height, u.thumbnail_size,
       u.created_at, u.message_id, m.room
     FROM uploads u LEFT JOIN messages m ON m.id = u.message_id
     WHERE u.id = ? AND u.removed_at IS NULL`,
  );
  const sendable = db.prepare<[number, string], { id: string }>(
    `SELECT id FROM uploads WHERE user_id = ? AND message_id IS NULL AND removed_at IS NULL
       AND id IN (SELECT value FROM json_each(?))`,
  );
  const expire = db.prepare<[string, string]>(
    `UPDATE uploads SET removed_at = ?
     WHERE message_id IS NULL AND removed_at IS NULL AND created_at < ?`,
  );
  const removed = db.prepare<[number], { id: string; thumbnail_size: number | null }>(
    'SELECT id, thumbnail_size FROM uploads WHERE removed_at IS NOT NULL ORDER BY removed_at LIMIT ?',
  );
  const forget = db.prepare<[string]>(
    `DELETE FROM uploads WHERE removed_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))`,
  );

  return {
    create: (upload) => {
      insert.run(
        upload.id,
        upload.userId,
        upload.name,
        upload.size,
        upload.type,
        upload.width ?? null,
        upload.height ?? null,
        upload.thumbnailSize ?? null,
        new Date().toISOString(),
      );
      return Promise.resolve();
    },
    get: (id) => {
      const row = byId.get(id);
      return Promise.resolve(row === undefined ? undefined : toUpload(row));
    },
    sendable: (userId, ids) =>
      Promise.resolve(new Set(sendable.all(userId, JSON.stringify(ids)).map((row) => row.id))),
    expireUnsent: (cutoff) => {
      expire.run(new Date().toISOString(), cutoff.toISOString());
      return Promise.resolve();
    },
    removed: (limit) =>
      Promise.resolve(
        removed
          .all(limit)
          .map((row): RemovedUpload => ({ id: row.id, hasThumbnail: row.thumbnail_size !== null })),
      ),
    forget: (ids) => {
      forget.run(JSON.stringify(ids));
      return Promise.resolve();
    },
  };
}
