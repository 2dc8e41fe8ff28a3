import type { Database } from 'better-sqlite3';
import type { RemovedUpload, UploadStore } from '../types';
import { toUpload as toUploadOf, UPLOAD_COLUMNS, type UploadRowOf } from '../upload-rows';

type UploadRow = UploadRowOf<string>;
const toUpload = (row: UploadRow) => toUploadOf(row, (time) => time);

/** SQLite uploads (see `UploadStore`). */
export function createSqliteUploadStore(db: Database): UploadStore {
  const insert = db.prepare<
    [string, number, string, number, string, number | null, number | null, number | null, string]
  >(
    `INSERT INTO uploads (id, user_id, name, size, type, width, height, thumbnail_size, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], UploadRow>(
    `SELECT ${UPLOAD_COLUMNS}
     FROM uploads u LEFT JOIN messages m ON m.id = u.message_id
     WHERE u.id = ? AND u.removed_at IS NULL`,
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
