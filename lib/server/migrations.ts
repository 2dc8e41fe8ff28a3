import type { Database } from 'better-sqlite3';

/**
 * Versioned schema changes, applied in order at start. `PRAGMA user_version` records the
 * last one applied, so each runs exactly once per database. Never edit a shipped migration:
 * append a new one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: rooms, messages with an idempotency key, sessions.
  `
  CREATE TABLE rooms (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'dm')),
    created_at TEXT NOT NULL
  ) STRICT;
  INSERT INTO rooms (name, kind, created_at) VALUES ('general', 'channel', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    room TEXT NOT NULL REFERENCES rooms (name),
    user_name TEXT NOT NULL,
    user_key TEXT NOT NULL,
    client_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX messages_room_id ON messages (room, id);
  CREATE UNIQUE INDEX messages_user_client_id ON messages (user_key, client_id);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
  ) STRICT;
  `,
];

/** Applies every migration newer than the database, each in its own transaction. */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true });
  const from = typeof current === 'number' ? current : 0;
  for (let version = from + 1; version <= MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version - 1];
    if (sql === undefined) break;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return MIGRATIONS.length;
}
