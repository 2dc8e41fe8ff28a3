import type { Database } from 'better-sqlite3';
import type { SessionInfo, SessionStore, SessionUser } from '../account-types';
import { SESSION_IDLE_TTL_MS, TOUCH_EVERY_MS } from '../session-lifetime';

/** SQLite sessions: any number per account; a deactivated account's sessions find nobody. */
export function createSqliteSessionStore(db: Database, now: () => number = Date.now): SessionStore {
  const insert = db.prepare<[string, number, string, string, string]>(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, device) VALUES (?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string, string], Omit<SessionUser, 'isBot'> & { isBot: number }>(
    `SELECT s.id AS sessionId, u.id AS userId, u.name, u.role,
       EXISTS (SELECT 1 FROM bots b WHERE b.user_id = u.id) AS isBot
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND u.deactivated_at IS NULL AND (s.last_seen_at >= ? OR isBot)`,
  );
  const touch = db.prepare<[string, string, string]>(
    'UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?',
  );
  const touchUser = db.prepare<[string, string]>(
    'UPDATE users SET last_seen_at = ? WHERE id = (SELECT user_id FROM sessions WHERE id = ?)',
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
  const list = db.prepare<[number, string], SessionInfo>(
    `SELECT id, created_at AS createdAt, last_seen_at AS lastSeenAt, device FROM sessions
     WHERE user_id = ? AND last_seen_at >= ? ORDER BY last_seen_at DESC, created_at DESC`,
  );
  const removeAll = db.prepare<[number, string]>(
    'DELETE FROM sessions WHERE user_id = ? AND id != ?',
  );

  const iso = (ms: number) => new Date(ms).toISOString();
  const create = db.transaction((id: string, userId: number, device: string) => {
    const at = iso(now());
    insert.run(id, userId, at, at, device);
    touchUser.run(at, id);
  });
  const markUsed = db.transaction((id: string) => {
    const at = now();
    // One write an hour at most: a reconnect storm writes nothing.
    if (touch.run(iso(at), id, iso(at - TOUCH_EVERY_MS)).changes > 0) touchUser.run(iso(at), id);
  });

  return {
    create: (id, userId, device) => Promise.resolve(create(id, userId, device)),
    find: (id) => {
      const row = select.get(id, iso(now() - SESSION_IDLE_TTL_MS));
      return Promise.resolve(row === undefined ? undefined : { ...row, isBot: row.isBot === 1 });
    },
    touch: (id) => Promise.resolve(markUsed(id)),
    remove: (id) => {
      remove.run(id);
      return Promise.resolve();
    },
    list: (userId) => Promise.resolve(list.all(userId, iso(now() - SESSION_IDLE_TTL_MS))),
    removeAll: (userId, keep = '') => {
      removeAll.run(userId, keep);
      return Promise.resolve();
    },
  };
}
