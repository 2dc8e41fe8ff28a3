import type { Database } from 'better-sqlite3';
import type { SettingsStore } from '../account-types';

/** SQLite server settings: a key and its text. */
export function createSqliteSettingsStore(db: Database): SettingsStore {
  const select = db.prepare<[string], { value: string }>(
    'SELECT value FROM settings WHERE key = ?',
  );
  const upsert = db.prepare<[string, string]>(
    `INSERT INTO settings (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const insert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  return {
    get: (key) => Promise.resolve(select.get(key)?.value),
    set: (key, value) => {
      upsert.run(key, value);
      return Promise.resolve();
    },
    setIfAbsent: (key, value) => {
      insert.run(key, value);
      return Promise.resolve(select.get(key)?.value ?? value);
    },
  };
}
