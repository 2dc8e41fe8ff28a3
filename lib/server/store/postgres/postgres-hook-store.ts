import type pg from 'pg';
import { HOOK_SELECT, toHook, type HookRowOf, type HookStore } from '../hook-types';
import { inTransaction, isUniqueViolation } from './postgres-database';

const iso = (time: Date) => time.toISOString();

/** PostgreSQL incoming webhooks, as SQLite's. */
export function createPostgresHookStore(pool: pg.Pool): HookStore {
  return {
    create: async ({ name, key, room, secretHash }) => {
      try {
        const id = await inTransaction(pool, async (client) => {
          const { rows } = await client.query<{ id: number }>(
            `INSERT INTO users (name, name_key, role, created_at)
             VALUES ($1, $2, 'member', now()) RETURNING id`,
            [name, key],
          );
          const user = rows[0];
          if (user === undefined) throw new Error('hook account insert returned no row');
          const made = await client.query<{ id: number }>(
            `INSERT INTO hooks (secret_hash, user_id, room, created_at)
             VALUES ($1, $2, $3, now()) RETURNING id`,
            [secretHash, user.id, room],
          );
          return made.rows[0]?.id;
        });
        const { rows } = await pool.query<HookRowOf<Date>>(`${HOOK_SELECT} WHERE h.id = $1`, [id]);
        const row = rows[0];
        if (row === undefined) throw new Error('hook vanished after its insert');
        return { ok: true, hook: toHook(row, iso) };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    list: async () => {
      const { rows } = await pool.query<HookRowOf<Date>>(`${HOOK_SELECT} ORDER BY h.id`);
      return rows.map((row) => toHook(row, iso));
    },
    findBySecret: async (hash) => {
      const { rows } = await pool.query<HookRowOf<Date>>(
        `${HOOK_SELECT} WHERE h.secret_hash = $1 AND u.deactivated_at IS NULL`,
        [hash],
      );
      return rows[0] === undefined ? undefined : toHook(rows[0], iso);
    },
  };
}
