import { openDatabase } from '../database';
import { createSqliteMessageStore } from './sqlite-message-store';
import { createSqliteSessionStore } from './sqlite-session-store';
import type { Stores } from './types';

/** Every store on one embedded SQLite database in `dataDir`. */
export function createSqliteStores(dataDir: string): Stores {
  const db = openDatabase(dataDir);
  const roomExists = db.prepare<[string], { found: number }>(
    'SELECT 1 AS found FROM rooms WHERE name = ?',
  );
  const ping = db.prepare<[], { ok: number }>('SELECT 1 AS ok');
  return {
    messages: createSqliteMessageStore(db),
    sessions: createSqliteSessionStore(db),
    rooms: { exists: (room) => Promise.resolve(roomExists.get(room) !== undefined) },
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
