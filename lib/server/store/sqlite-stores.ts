import { openDatabase } from '../database';
import { createSqliteMessageStore } from './sqlite-message-store';
import { createSqliteSessionStore } from './sqlite-session-store';
import type { Stores } from './types';

/** Every store on one embedded SQLite database in `dataDir`. */
export function createSqliteStores(dataDir: string): Stores {
  const db = openDatabase(dataDir);
  // Every event checks its room; rooms change only through this store, so the names live in
  // memory (a SELECT per message was 2% of the server's time under load).
  const roomNames = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM rooms')
      .all()
      .map((row) => row.name),
  );
  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok');
  return {
    messages: createSqliteMessageStore(db),
    sessions: createSqliteSessionStore(db),
    rooms: { exists: (room) => Promise.resolve(roomNames.has(room)) },
    health: {
      ping: () => {
        ping.get();
        return Promise.resolve();
      },
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}
