import type { Database } from 'better-sqlite3';
import type { TokenKind, TokenStore } from '../account-types';

/** SQLite one-time tokens: using one deletes it, in the same statement that reads it. */
export function createSqliteTokenStore(db: Database, now: () => number = Date.now): TokenStore {
  const purge = db.prepare<[string]>('DELETE FROM tokens WHERE expires_at < ?');
  const insert = db.prepare<[string, TokenKind, number | null, string]>(
    'INSERT INTO tokens (hash, kind, user_id, expires_at) VALUES (?, ?, ?, ?)',
  );
  const take = db.prepare<[string, TokenKind], { userId: number | null; expiresAt: string }>(
    `DELETE FROM tokens WHERE hash = ? AND kind = ?
     RETURNING user_id AS userId, expires_at AS expiresAt`,
  );
  const revoke = db.prepare<[number, TokenKind]>(
    'DELETE FROM tokens WHERE user_id = ? AND kind = ?',
  );
  const iso = (ms: number) => new Date(ms).toISOString();

  return {
    issue: (hash, kind, userId, expiresAt) => {
      // Expired tokens go whenever a new one comes, so the table stays the size of what is live.
      purge.run(iso(now()));
      insert.run(hash, kind, userId ?? null, iso(expiresAt));
      return Promise.resolve();
    },
    consume: (hash, kind) => {
      const row = take.get(hash, kind);
      if (row === undefined || row.expiresAt < iso(now())) return Promise.resolve(undefined);
      return Promise.resolve({
        userId: row.userId ?? undefined,
        expiresAt: Date.parse(row.expiresAt),
      });
    },
    revoke: (userId, kind) => {
      revoke.run(userId, kind);
      return Promise.resolve();
    },
  };
}
