import type pg from 'pg';
import type { SessionInfo, SessionStore, SessionUser } from '../account-types';
import { SESSION_IDLE_TTL_MS, TOUCH_EVERY_MS } from '../session-lifetime';
import { inTransaction } from './postgres-database';

/** PostgreSQL sessions: any number per account; a deactivated account's sessions find nobody. */
export function createPostgresSessionStore(
  pool: pg.Pool,
  now: () => number = Date.now,
): SessionStore {
  const idleSince = () => new Date(now() - SESSION_IDLE_TTL_MS);

  return {
    create: async (id, userId, device) => {
      const at = new Date(now());
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO sessions (id, user_id, created_at, last_seen_at, device)
           VALUES ($1, $2, $3, $3, $4)`,
          [id, userId, at, device],
        );
        await client.query('UPDATE users SET last_seen_at = $1 WHERE id = $2', [at, userId]);
      });
    },
    find: async (id) => {
      const { rows } = await pool.query<SessionUser>(
        `SELECT s.id AS "sessionId", u.id AS "userId", u.name, u.role, b.user_id IS NOT NULL AS "isBot"
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN bots b ON b.user_id = u.id
         WHERE s.id = $1 AND u.deactivated_at IS NULL
           AND (s.last_seen_at >= $2 OR b.user_id IS NOT NULL)`,
        [id, idleSince()],
      );
      return rows[0];
    },
    touch: async (id) => {
      const at = now();
      // One write an hour at most: a reconnect storm writes nothing.
      await pool.query(
        `WITH touched AS (
           UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $3
           RETURNING user_id
         )
         UPDATE users SET last_seen_at = $1 WHERE id IN (SELECT user_id FROM touched)`,
        [new Date(at), id, new Date(at - TOUCH_EVERY_MS)],
      );
    },
    remove: async (id) => {
      await pool.query('DELETE FROM sessions WHERE id = $1', [id]);
    },
    list: async (userId) => {
      const { rows } = await pool.query<{
        id: string;
        createdAt: Date;
        lastSeenAt: Date;
        device: string;
      }>(
        `SELECT id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", device FROM sessions
         WHERE user_id = $1 AND last_seen_at >= $2 ORDER BY last_seen_at DESC, created_at DESC`,
        [userId, idleSince()],
      );
      return rows.map((row): SessionInfo => ({
        id: row.id,
        createdAt: row.createdAt.toISOString(),
        lastSeenAt: row.lastSeenAt.toISOString(),
        device: row.device,
      }));
    },
    removeAll: async (userId, keep = '') => {
      await pool.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keep]);
    },
  };
}
