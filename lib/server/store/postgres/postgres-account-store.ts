import type pg from 'pg';
import type { Role } from '../../../protocol-accounts';
import { LastAdmin, publicAccount, toAccountRecord, type AccountRowOf } from '../account-rows';
import type { AccountStore, ChangeResult } from '../account-types';
import { inTransaction, isUniqueViolation } from './postgres-database';

type AccountRow = AccountRowOf<Date>;
const COLUMNS = 'id, name, role, password_hash, deactivated_at, created_at, last_seen_at';
const iso = (time: Date) => time.toISOString();
// Nodes decide "is there an active admin?" one at a time: this lock serialises the
// transactions that could change the answer (a first account, a role or activation change).
const ADMIN_LOCK = 7_291_840_312;

const hasActiveAdmin = async (client: pg.ClientBase | pg.Pool) => {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL`,
  );
  return (rows[0]?.n ?? 0) > 0;
};

async function getAccount(client: pg.ClientBase | pg.Pool, id: number) {
  const { rows } = await client.query<AccountRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [
    id,
  ]);
  const row = rows[0];
  return row === undefined ? undefined : toAccountRecord(row, iso);
}

/** PostgreSQL accounts, shared by every node. */
export function createPostgresAccountStore(pool: pg.Pool): AccountStore {
  return {
    create: async ({ name, key, passwordHash }) => {
      try {
        return await inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK]);
          const role: Role = (await hasActiveAdmin(client)) ? 'member' : 'admin';
          const { rows } = await client.query<AccountRow>(
            `INSERT INTO users (name, name_key, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, now()) RETURNING ${COLUMNS}`,
            [name, key, passwordHash, role],
          );
          const row = rows[0];
          if (row === undefined) throw new Error('account insert returned no row');
          return { ok: true, account: publicAccount(toAccountRecord(row, iso)) } as const;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    get: (id) => getAccount(pool, id),
    findByKey: async (key) => {
      const { rows } = await pool.query<AccountRow>(
        `SELECT ${COLUMNS} FROM users WHERE name_key = $1`,
        [key],
      );
      const row = rows[0];
      return row === undefined ? undefined : toAccountRecord(row, iso);
    },
    list: async () => {
      const { rows } = await pool.query<AccountRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`);
      return rows.map((row) => publicAccount(toAccountRecord(row, iso)));
    },
    hasActiveAdmin: () => hasActiveAdmin(pool),
    rename: async (id, name, key) => {
      try {
        await inTransaction(pool, async (client) => {
          await client.query('UPDATE users SET name = $1, name_key = $2 WHERE id = $3', [
            name,
            key,
            id,
          ]);
          await client.query('UPDATE messages SET user_name = $1 WHERE user_id = $2', [name, id]);
          await client.query('UPDATE reactions SET user_name = $1 WHERE user_id = $2', [name, id]);
        });
        return { ok: true };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name_taken' };
        throw error;
      }
    },
    setPassword: async (id, hash) => {
      await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, id]);
    },
    update: async (id, change): Promise<ChangeResult> => {
      try {
        return await inTransaction(pool, async (client): Promise<ChangeResult> => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK]);
          const before = await getAccount(client, id);
          if (before === undefined) return { ok: false, reason: 'not_found' };
          const hadAdmin = await hasActiveAdmin(client);
          if (change.role !== undefined) {
            await client.query('UPDATE users SET role = $1 WHERE id = $2', [change.role, id]);
          }
          if (change.deactivated !== undefined && change.deactivated !== before.deactivated) {
            await client.query('UPDATE users SET deactivated_at = $1 WHERE id = $2', [
              change.deactivated ? new Date() : null,
              id,
            ]);
            if (change.deactivated) {
              await client.query('DELETE FROM sessions WHERE user_id = $1', [id]);
            }
          }
          if (hadAdmin && !(await hasActiveAdmin(client))) throw new LastAdmin();
          const after = await getAccount(client, id);
          if (after === undefined) throw new Error('account vanished in its own transaction');
          return { ok: true, account: publicAccount(after) };
        });
      } catch (error) {
        if (error instanceof LastAdmin) return { ok: false, reason: 'last_admin' };
        throw error;
      }
    },
  };
}
