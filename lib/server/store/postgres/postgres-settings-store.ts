import type pg from 'pg';
import type { SettingsStore } from '../account-types';

/** PostgreSQL server settings: a key and its text. */
export function createPostgresSettingsStore(pool: pg.Pool): SettingsStore {
  const get = async (key: string) => {
    const { rows } = await pool.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return rows[0]?.value;
  };
  return {
    get,
    set: async (key, value) => {
      await pool.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, value],
      );
    },
    setIfAbsent: async (key, value) => {
      await pool.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [key, value],
      );
      return (await get(key)) ?? value;
    },
  };
}
