import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrations';

export const DATABASE_FILE = 'parley.db';

/** Opens (creating if needed) the SQLite database in `dataDir`, tuned and migrated. */
export function openDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  // WAL lets readers (health checks, backups) run beside the writer.
  db.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: a message we acked survives a power loss too,
  // not only a process crash (NORMAL would only promise the latter).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A deleted message's text is overwritten in the file, not left in a free page.
  db.pragma('secure_delete = ON');
  // Another process (a backup) may hold a lock briefly; wait rather than fail at once.
  db.pragma('busy_timeout = 2000');
  // Commits never checkpoint (a checkpoint inside a commit stalls the event loop ~10 ms):
  // the WAL checkpoint worker does it, on its own thread (see store/wal-checkpointer.ts).
  db.pragma('wal_autocheckpoint = 0');
  migrate(db);
  return db;
}
