import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './sqlite-migrations';

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
  // Another process (an admin's shell) may hold the write lock briefly: wait a little rather than
  // fail at once, but not long, since the wait blocks the event loop and so every user.
  db.pragma('busy_timeout = 250');
  // Checkpoints run on this connection, in quiet moments (store/idle-checkpointer.ts).
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
