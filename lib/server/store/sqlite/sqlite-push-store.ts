import type { Database } from 'better-sqlite3';
import { SESSION_IDLE_TTL_MS } from '../session-lifetime';
import { toPushTarget, type PushStore, type PushTargetRow } from '../push-types';

/** SQLite push subscriptions; a deleted session takes its subscriptions with it (cascade). */
export function createSqlitePushStore(db: Database): PushStore {
  const upsert = db.prepare<[string, string, number, string, string, string]>(
    `INSERT INTO push_subscriptions (endpoint, session_id, user_id, p256dh, auth, created_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (endpoint) DO UPDATE SET session_id = excluded.session_id,
       user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth`,
  );
  const bySession = db.prepare<[string]>('DELETE FROM push_subscriptions WHERE session_id = ?');
  const byEndpoint = db.prepare<[string]>('DELETE FROM push_subscriptions WHERE endpoint = ?');
  const sessions = db.prepare<[number], { session_id: string }>(
    'SELECT DISTINCT session_id FROM push_subscriptions WHERE user_id = ?',
  );
  const targets = db.prepare<[string, number, string, string], PushTargetRow>(
    `SELECT p.endpoint, p.p256dh, p.auth, p.user_id, u.name, m.notify
     FROM room_members m
     JOIN push_subscriptions p ON p.user_id = m.user_id
     JOIN sessions s ON s.id = p.session_id
     JOIN users u ON u.id = m.user_id
     WHERE m.room = ? AND m.user_id != ? AND s.last_seen_at >= ? AND u.deactivated_at IS NULL
       AND (u.do_not_disturb_until IS NULL OR u.do_not_disturb_until <= ?)`,
  );
  const setDnd = db.prepare<[string | null, number]>(
    'UPDATE users SET do_not_disturb_until = ? WHERE id = ?',
  );
  const getDnd = db.prepare<[number], { until: string | null }>(
    'SELECT do_not_disturb_until AS until FROM users WHERE id = ?',
  );
  return {
    subscribe: (sessionId, userId, endpoint, keys) => {
      upsert.run(endpoint, sessionId, userId, keys.p256dh, keys.auth, new Date().toISOString());
      return Promise.resolve();
    },
    unsubscribe: (sessionId) => {
      bySession.run(sessionId);
      return Promise.resolve();
    },
    forget: (endpoint) => {
      byEndpoint.run(endpoint);
      return Promise.resolve();
    },
    sessionsWithPush: (userId) =>
      Promise.resolve(new Set(sessions.all(userId).map((row) => row.session_id))),
    targets: (room, exceptUserId, now) => {
      const liveSince = new Date(now.getTime() - SESSION_IDLE_TTL_MS).toISOString();
      const rows = targets.all(room, exceptUserId, liveSince, now.toISOString());
      return Promise.resolve(rows.map(toPushTarget));
    },
    setDoNotDisturb: (userId, until) => {
      setDnd.run(until?.toISOString() ?? null, userId);
      return Promise.resolve();
    },
    doNotDisturbUntil: (userId) => Promise.resolve(getDnd.get(userId)?.until ?? undefined),
  };
}
