import type pg from 'pg';
import type { PasskeyStore, StoredPasskey } from '../account-types';

interface PasskeyRow {
  id: string;
  user_id: number;
  public_key: Buffer;
  counter: number;
  transports: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

const toPasskey = (row: PasskeyRow): StoredPasskey => ({
  id: row.id,
  userId: row.user_id,
  publicKey: new Uint8Array(row.public_key),
  counter: row.counter,
  transports: JSON.parse(row.transports) as string[],
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString(),
});

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
      return row === undefined ? undefined : toPasskey(row);
    },
    list: async (userId) => {
      const { rows } = await pool.query<PasskeyRow>(
        'SELECT * FROM passkeys WHERE user_id = $1 ORDER BY created_at, id',
        [userId],
      );
      return rows.map(toPasskey);
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
