import type pg from 'pg';
import { SESSION_IDLE_TTL_MS } from '../session-lifetime';
import { toPushTarget, type PushStore, type PushTargetRow } from '../push-types';

/** PostgreSQL push subscriptions, as SQLite's. */
export function createPostgresPushStore(pool: pg.Pool): PushStore {
  return {
    subscribe: async (sessionId, userId, endpoint, keys) => {
      await pool.query(
        `INSERT INTO push_subscriptions (endpoint, session_id, user_id, p256dh, auth, created_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (endpoint) DO UPDATE SET session_id = excluded.session_id,
           user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth`,
        [endpoint, sessionId, userId, keys.p256dh, keys.auth],
      );
    },
    unsubscribe: async (sessionId) => {
      await pool.query('DELETE FROM push_subscriptions WHERE session_id = $1', [sessionId]);
    },
    forget: async (endpoint) => {
      await pool.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [endpoint]);
    },
    sessionsWithPush: async (userId) => {
      const { rows } = await pool.query<{ session_id: string }>(
        'SELECT DISTINCT session_id FROM push_subscriptions WHERE user_id = $1',
        [userId],
      );
      return new Set(rows.map((row) => row.session_id));
    },
    targets: async (room, exceptUserId, now) => {
      const { rows } = await pool.query<PushTargetRow>(
        `SELECT p.endpoint, p.p256dh, p.auth, p.user_id, u.name, m.notify
         FROM room_members m
         JOIN push_subscriptions p ON p.user_id = m.user_id
         JOIN sessions s ON s.id = p.session_id
         JOIN users u ON u.id = m.user_id
         WHERE m.room = $1 AND m.user_id <> $2 AND s.last_seen_at >= $3
           AND u.deactivated_at IS NULL
           AND (u.do_not_disturb_until IS NULL OR u.do_not_disturb_until <= $4)`,
        [room, exceptUserId, new Date(now.getTime() - SESSION_IDLE_TTL_MS), now],
      );
      return rows.map(toPushTarget);
    },
    setDoNotDisturb: async (userId, until) => {
      await pool.query('UPDATE users SET do_not_disturb_until = $1 WHERE id = $2', [
        until ?? null,
        userId,
      ]);
    },
    doNotDisturbUntil: async (userId) => {
      const { rows } = await pool.query<{ until: Date | null }>(
        'SELECT do_not_disturb_until AS until FROM users WHERE id = $1',
        [userId],
      );
      return rows[0]?.until?.toISOString() ?? undefined;
    },
  };
}
