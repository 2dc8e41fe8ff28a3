import type { Database } from 'better-sqlite3';
import type { ClaimResult, Session, SessionStore } from './types';

/** A session nobody has used for this long no longer holds its name. */
export const SESSION_IDLE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How stale `last_seen_at` may get before a use writes it again. Every write is an fsync; against
 * a 30-day expiry, an hour of precision costs nothing, and a reconnect storm writes nothing.
 */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

/** SQLite sessions: the unique index on `name_key` is what makes a name one person's. */
export function createSqliteSessionStore(db: Database, now: () => number = Date.now): SessionStore {
  const expireIdle = db.prepare<[string, string]>(
    'DELETE FROM sessions WHERE name_key = ? AND last_seen_at < ?',
  );
  const insert = db.prepare<[string, string, string, string, string]>(
    `INSERT INTO sessions (id, name, name_key, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name_key) DO NOTHING`,
  );
  const select = db.prepare<[string, string], Session>(
    'SELECT id, name FROM sessions WHERE id = ? AND last_seen_at >= ?',
  );
  const touch = db.prepare<[string, string, string]>(
    'UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');

  const iso = (ms: number) => new Date(ms).toISOString();
  const claim = db.transaction((id: string, name: string, key: string): ClaimResult => {
    const at = now();
    expireIdle.run(key, iso(at - SESSION_IDLE_TTL_MS));
    const { changes } = insert.run(id, name, key, iso(at), iso(at));
    return changes === 1
      ? { ok: true, session: { id, name } }
      : { ok: false, reason: 'name_taken' };
  });

  return {
    claim: (id, name, key) => Promise.resolve(claim(id, name, key)),
    find: (id) => Promise.resolve(select.get(id, iso(now() - SESSION_IDLE_TTL_MS))),
    touch: (id) => {
      const at = now();
      touch.run(iso(at), id, iso(at - TOUCH_EVERY_MS));
      return Promise.resolve();
    },
    release: (id) => {
      remove.run(id);
      return Promise.resolve();
    },
  };
}
