import type { Database } from 'better-sqlite3';
import type { Role } from '../../../protocol-accounts';
import type { AccountStore, ChangeResult } from '../account-types';
import { LastAdmin, publicAccount, toAccountRecord, type AccountRowOf } from '../account-rows';

type AccountRow = AccountRowOf<string>;
const COLUMNS = 'id, name, role, password_hash, deactivated_at, created_at, last_seen_at';
const sameText = (time: string) => time;

/** SQLite accounts: the unique index on `name_key` makes a name one account's. */
export function createSqliteAccountStore(db: Database): AccountStore {
  const activeAdmins = db.prepare<[], { n: number }>(
    `SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL`,
  );
  const byKey = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM users WHERE name_key = ?`);
  const byId = db.prepare<[number], AccountRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const all = db.prepare<[], AccountRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`);
  const insert = db.prepare<[string, string, string, Role, string], { id: number }>(
    `INSERT INTO users (name, name_key, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name_key) DO NOTHING RETURNING id`,
  );
  const rename = db.prepare<[string, string, number]>(
    'UPDATE users SET name = ?, name_key = ? WHERE id = ?',
  );
  const renameMessages = db.prepare<[string, number]>(
    'UPDATE messages SET user_name = ? WHERE user_id = ?',
  );
  const renameReactions = db.prepare<[string, number]>(
    'UPDATE reactions SET user_name = ? WHERE user_id = ?',
  );
  const setPassword = db.prepare<[string, number]>(
    'UPDATE users SET password_hash = ? WHERE id = ?',
  );
  const setRole = db.prepare<[Role, number]>('UPDATE users SET role = ? WHERE id = ?');
  const setDeactivated = db.prepare<[string | null, number]>(
    'UPDATE users SET deactivated_at = ? WHERE id = ?',
  );
  const endSessions = db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?');

  const hasActiveAdmin = () => (activeAdmins.get()?.n ?? 0) > 0;
  const get = (id: number) => {
    const row = byId.get(id);
    return row === undefined ? undefined : toAccountRecord(row, sameText);
  };

  const create = db.transaction((name: string, key: string, hash: string) => {
    const role: Role = hasActiveAdmin() ? 'member' : 'admin';
    const row = insert.get(name, key, hash, role, new Date().toISOString());
    return row === undefined ? undefined : get(row.id);
  });

  const doRename = db.transaction((id: number, name: string, key: string): boolean => {
    const holder = byKey.get(key);
    if (holder !== undefined && holder.id !== id) return false;
    rename.run(name, key, id);
    renameMessages.run(name, id);
    renameReactions.run(name, id);
    return true;
  });

  const update = db.transaction((id: number, change: { role?: Role; deactivated?: boolean }) => {
    const before = get(id);
    if (before === undefined) return { ok: false, reason: 'not_found' } as const;
    const hadAdmin = hasActiveAdmin();
    if (change.role !== undefined) setRole.run(change.role, id);
    if (change.deactivated !== undefined && change.deactivated !== before.deactivated) {
      setDeactivated.run(change.deactivated ? new Date().toISOString() : null, id);
      if (change.deactivated) endSessions.run(id);
    }
    // Checked after the change, in its transaction: the change stands only if an admin remains.
    if (hadAdmin && !hasActiveAdmin()) throw new LastAdmin();
    const after = get(id);
    if (after === undefined) throw new Error('account vanished in its own transaction');
    return { ok: true, account: publicAccount(after) } as const;
  });

  return {
    create: ({ name, key, passwordHash }) => {
      const record = create(name, key, passwordHash);
      return Promise.resolve(
        record === undefined
          ? { ok: false, reason: 'name_taken' }
          : { ok: true, account: publicAccount(record) },
      );
    },
    get: (id) => Promise.resolve(get(id)),
    findByKey: (key) => {
      const row = byKey.get(key);
      return Promise.resolve(row === undefined ? undefined : toAccountRecord(row, sameText));
    },
    list: () =>
      Promise.resolve(all.all().map((row) => publicAccount(toAccountRecord(row, sameText)))),
    hasActiveAdmin: () => Promise.resolve(hasActiveAdmin()),
    rename: (id, name, key) =>
      Promise.resolve(doRename(id, name, key) ? { ok: true } : { ok: false, reason: 'name_taken' }),
    setPassword: (id, hash) => {
      setPassword.run(hash, id);
      return Promise.resolve();
    },
    update: (id, change): Promise<ChangeResult> => {
      try {
        return Promise.resolve(update(id, change));
      } catch (error) {
        if (error instanceof LastAdmin) return Promise.resolve({ ok: false, reason: 'last_admin' });
        throw error;
      }
    },
  };
}
