import type pg from 'pg';
import type { TokenStore } from '../account-types';

/** PostgreSQL one-time tokens: using one deletes it, so two nodes cannot both accept it. */
export function createPostgresTokenStore(pool: pg.Pool, now: () => number = Date.now): TokenStore {
  return {
    issue: async (hash, kind, userId, expiresAt) => {
      await pool.query('DELETE FROM tokens WHERE expires_at < $1', [new Date(now())]);
      await pool.query(
        'INSERT INTO tokens (hash, kind, user_id, expires_at) VALUES ($1, $2, $3, $4)',
        [hash, kind, userId ?? null, new Date(expiresAt)],
      );
    },
    consume: async (hash, kind) => {
      const { rows } = await pool.query<{ userId: number | null; expiresAt: Date }>(
        `DELETE FROM tokens WHERE hash = $1 AND kind = $2
         RETURNING user_id AS "userId", expires_at AS "expiresAt"`,
        [hash, kind],
      );
      const row = rows[0];
      if (row === undefined || row.expiresAt.getTime() < now()) return undefined;
      return { userId: row.userId ?? undefined, expiresAt: row.expiresAt.getTime() };
    },
    revoke: async (userId, kind) => {
      await pool.query('DELETE FROM tokens WHERE user_id = $1 AND kind = $2', [userId, kind]);
    },
  };
}
