import type pg from 'pg';
import type { PasskeyStore } from '../account-types';
import { toPasskey, type PasskeyRow as StoreRow } from '../account-rows';

type PasskeyRow = StoreRow<Date>;
const fromRow = (row: PasskeyRow) => toPasskey(row, (time: Date) => time.toISOString());

/** PostgreSQL passkeys (WebAuthn credentials), several per account. */
export function createPostgresPasskeyStore(pool: pg.Pool): PasskeyStore {
  return {
    add: async (passkey) => {
      await pool.query(
        `INSERT INTO passkeys (id, user_id, public_key, counter, transports, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [
          passkey.id,
          passkey.userId,
          Buffer.from(passkey.publicKey),
          passkey.counter,
          JSON.stringify(passkey.transports),
          passkey.name,
        ],
      );
    },
    find: async (id) => {
      const { rows } = await pool.query<PasskeyRow>('SELECT * FROM passkeys WHERE id = $1', [id]);
      const row = rows[0];
      return row === undefined ? undefined : fromRow(row);
    },
    list: async (userId) => {
      const { rows } = await pool.query<PasskeyRow>(
        'SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, id',
        [userId],
      );
      return rows.map(fromRow);
    },
    remove: async (userId, id) => {
      const { rowCount } = await pool.query('DELETE FROM passkeys WHERE user_id = $1 AND id = $2', [
        userId,
        id,
      ]);
      return (rowCount ?? 0) > 0;
    },
    markUsed: async (id, counter) => {
      await pool.query('UPDATE passkeys SET counter = $1, last_used_at = now() WHERE id = $2', [
        counter,
        id,
      ]);
    },
  };
}
