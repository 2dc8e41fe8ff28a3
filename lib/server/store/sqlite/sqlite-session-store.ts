import type { Database } from 'better-sqlite3';
import { SESSION_IDLE_TTL_MS, TOUCH_EVERY_MS } from '../session-lifetime';
import type { ClaimResult, Session, SessionStore, UserRef } from '../types';

/** SQLite sessions: the unique index on `name_key` is what makes a name one person's. */
export function createSqliteSessionStore(db: Database, now: () => number = Date.now): SessionStore {
  const expireIdle = db.prepare<[string, string]>(
    'DELETE FROM sessions WHERE name_key = ? AND last_seen_at < ?',
  );
  const isHeld = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE name_key = ?');
  const insertUser = db.prepare<[string, string, string]>(
    'INSERT INTO users (name, name_key, created_at) VALUES (?, ?, ?)',
  );
  const insert = db.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO sessions (id, name, name_key, created_at, last_seen_at, user_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string, string], Session>(
    'SELECT id, name, user_id AS userId FROM sessions WHERE id = ? AND last_seen_at >= ?',
  );
  const holder = db.prepare<[string, string], { id: number; name: string; key: string }>(
    `SELECT user_id AS id, name, name_key AS key FROM sessions
     WHERE name_key = ? AND last_seen_at >= ?`,
  );
  const touch = db.prepare<[string, string, string]>(
    'UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?',
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');

  const iso = (ms: number) => new Date(ms).toISOString();
  const claim = db.transaction((id: string, name: string, key: string): ClaimResult => {
    const at = now();
    expireIdle.run(key, iso(at - SESSION_IDLE_TTL_MS));
    if (isHeld.get(key) !== undefined) return { ok: false, reason: 'name_taken' };
    // Every claim is a new user: a released name's DMs and read state stay with its old holder.
    const userId = Number(insertUser.run(name, key, iso(at)).lastInsertRowid);
    insert.run(id, name, key, iso(at), iso(at), userId);
    return { ok: true, session: { id, name, userId } };
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
    findHolder: (key) =>
      Promise.resolve<UserRef | undefined>(holder.get(key, iso(now() - SESSION_IDLE_TTL_MS))),
  };
}
