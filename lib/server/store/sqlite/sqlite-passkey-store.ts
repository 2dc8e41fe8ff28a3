import type { Database } from 'better-sqlite3';
import type { PasskeyStore } from '../account-types';
import { toPasskey, type PasskeyRow as StoreRow } from '../account-rows';

type PasskeyRow = StoreRow<string>;
const fromRow = (row: PasskeyRow) => toPasskey(row, (time: string) => time);

/** SQLite passkeys (WebAuthn credentials), several per account. */
export function createSqlitePasskeyStore(db: Database): PasskeyStore {
  const insert = db.prepare<[string, number, Buffer, number, string, string, string]>(
    `INSERT INTO passkeys (id, user_id, public_key, counter, transports, name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], PasskeyRow>('SELECT * FROM passkeys WHERE id = ?');
  const byUser = db.prepare<[number], PasskeyRow>(
    'SELECT * FROM passkeys WHERE user_id = ? ORDER BY created_at, id',
  );
  const remove = db.prepare<[number, string]>('DELETE FROM passkeys WHERE user_id = ? AND id = ?');
  const used = db.prepare<[number, string, string]>(
    'UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?',
  );

  return {
    add: (passkey) => {
      insert.run(
        passkey.id,
        passkey.userId,
        Buffer.from(passkey.publicKey),
        passkey.counter,
        JSON.stringify(passkey.transports),
        passkey.name,
        new Date().toISOString(),
      );
      return Promise.resolve();
    },
    find: (id) => {
      const row = byId.get(id);
      return Promise.resolve(row === undefined ? undefined : fromRow(row));
    },
    list: (userId) => Promise.resolve(byUser.all(userId).map(fromRow)),
    remove: (userId, id) => Promise.resolve(remove.run(userId, id).changes > 0),
    markUsed: (id, counter) => {
      used.run(counter, new Date().toISOString(), id);
      return Promise.resolve();
    },
  };
}
