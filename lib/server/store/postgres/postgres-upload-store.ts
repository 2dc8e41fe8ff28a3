import type pg from 'pg';
import type { RemovedUpload, UploadStore } from '../types';
import { toUpload as toUploadOf, UPLOAD_COLUMNS, type UploadRowOf } from '../upload-rows';

type UploadRow = UploadRowOf<Date>;
const toUpload = (row: UploadRow) => toUploadOf(row, (time) => time.toISOString());

/** PostgreSQL uploads (see `UploadStore`). */
export function createPostgresUploadStore(pool: pg.Pool): UploadStore {
  return {
    create: async (upload) => {
      await pool.query(
        `INSERT INTO uploads (id, user_id, name, size, type, width, height, thumbnail_size,
                              created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [
          upload.id,
          upload.userId,
          upload.name,
          upload.size,
          upload.type,
          upload.width ?? null,
          upload.height ?? null,
          upload.thumbnailSize ?? null,
        ],
      );
    },
    get: async (id) => {
      const { rows } = await pool.query<UploadRow>(
        `SELECT ${UPLOAD_COLUMNS}
     FROM uploads u LEFT JOIN messages m ON m.id = u.message_id
         WHERE u.id = $1 AND u.removed_at IS NULL`,
        [id],
      );
      const row = rows[0];
      return row === undefined ? undefined : toUpload(row);
    },
    expireUnsent: async (cutoff) => {
      await pool.query(
        `UPDATE uploads SET removed_at = now()
         WHERE message_id IS NULL AND removed_at IS NULL AND created_at < $1`,
        [cutoff],
      );
    },
    removed: async (limit) => {
      const { rows } = await pool.query<{ id: string; thumbnail_size: number | null }>(
        `SELECT id, thumbnail_size FROM uploads WHERE removed_at IS NOT NULL
         ORDER BY removed_at LIMIT $1`,
        [limit],
      );
      return rows.map((row): RemovedUpload => ({
        id: row.id,
        hasThumbnail: row.thumbnail_size !== null,
      }));
    },
    forget: async (ids) => {
      await pool.query(
        'DELETE FROM uploads WHERE removed_at IS NOT NULL AND id = ANY($1::text[])',
        [ids],
      );
    },
  };
}
