import type { Database } from 'better-sqlite3';
import { HOOK_SELECT, toHook, type HookRowOf, type HookStore } from '../hook-types';

/** SQLite incoming webhooks. */
export function createSqliteHookStore(db: Database): HookStore {
  const insertUser = db.prepare<[string, string, string], { id: number }>(
    `INSERT INTO users (name, name_key, role, created_at) VALUES (?, ?, 'member', ?)
     ON CONFLICT (name_key) DO NOTHING RETURNING id`,
  );
  const insertHook = db.prepare<[string, number, string, string], { id: number }>(
    'INSERT INTO hooks (secret_hash, user_id, room, created_at) VALUES (?, ?, ?, ?) RETURNING id',
  );
  const one = db.prepare<[number], HookRowOf<string>>(`${HOOK_SELECT} WHERE h.id = ?`);
  const all = db.prepare<[], HookRowOf<string>>(`${HOOK_SELECT} ORDER BY h.id`);
  const bySecret = db.prepare<[string], HookRowOf<string>>(
    `${HOOK_SELECT} WHERE h.secret_hash = ? AND u.deactivated_at IS NULL`,
  );
  const iso = (time: string) => time;
  const create = db.transaction((name: string, key: string, room: string, hash: string) => {
    const at = new Date().toISOString();
    const user = insertUser.get(name, key, at);
    if (user === undefined) return undefined;
    return insertHook.get(hash, user.id, room, at)?.id;
  });
  return {
    create: ({ name, key, room, secretHash }) => {
      const id = create(name, key, room, secretHash);
      const row = id === undefined ? undefined : one.get(id);
      return Promise.resolve(
        row === undefined
          ? { ok: false, reason: 'name_taken' }
          : { ok: true, hook: toHook(row, iso) },
      );
    },
    list: () => Promise.resolve(all.all().map((row) => toHook(row, iso))),
    findBySecret: (hash) => {
      const row = bySecret.get(hash);
      return Promise.resolve(row === undefined ? undefined : toHook(row, iso));
    },
  };
}
