import type pg from 'pg';
import { SESSION_IDLE_TTL_MS, TOUCH_EVERY_MS } from '../session-lifetime';
import type { ClaimResult, Session, SessionStore, UserRef } from '../types';
import { inTransaction, isUniqueViolation } from './postgres-database';

/**
 * PostgreSQL sessions. The unique index on `name_key` is what makes a name one person's, also
 * when two nodes take the same name at the same moment: the second insert fails and rolls back.
 */
export function createPostgresSessionStore(
  pool: pg.Pool,
  now: () => number = Date.now,
): SessionStore {
  const idleSince = () => new Date(now() - SESSION_IDLE_TTL_MS);

  return {
    claim: async (id, name, key) => {
      const at = new Date(now());
      try {
        return await inTransaction(pool, async (client): Promise<ClaimResult> => {
          await client.query('DELETE FROM sessions WHERE name_key = $1 AND last_seen_at < $2', [
            key,
            idleSince(),
          ]);
          // Every claim is a new user: a released name's DMs and read state stay with its
          // old holder.
          const { rows } = await client.query<{ id: number }>(
            'INSERT INTO users (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id',
            [name, key, at],
          );
          const userId = rows[0]?.id;
          if (userId === undefined) throw new Error('user insert returned no id');
          await client.query(
            `INSERT INTO sessions (id, name, name_key, user_id, created_at, last_seen_at)
             VALUES ($1, $2, $3, $4, $5, $5)`,
            [id, name, key, userId, at],
          );
          return { ok: true, session: { id, name, userId } };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    find: async (id) => {
      const { rows } = await pool.query<Session>(
        `SELECT id, name, user_id AS "userId" FROM sessions WHERE id = $1 AND last_seen_at >= $2`,
        [id, idleSince()],
      );
      return rows[0];
    },
    touch: async (id) => {
      const at = now();
      await pool.query(
        'UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $3',
        [new Date(at), id, new Date(at - TOUCH_EVERY_MS)],
      );
    },
    release: async (id) => {
      await pool.query('DELETE FROM sessions WHERE id = $1', [id]);
    },
    findHolder: async (key) => {
      const { rows } = await pool.query<UserRef>(
        `SELECT user_id AS id, name, name_key AS key FROM sessions
         WHERE name_key = $1 AND last_seen_at >= $2`,
        [key, idleSince()],
      );
      return rows[0];
    },
  };
}
