import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { tempDataDir } from '../helpers/test-server';

/** Schema version 6: private rooms, the release before files. */
const BEFORE_FILES = 6;
const now = () => new Date().toISOString();

/** A database as the release before files left it: an account with a message and a reply. */
function privateRoomsDatabase(): string {
  const dataDir = tempDataDir();
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  migrate(db, BEFORE_FILES);
  db.prepare(
    `INSERT INTO users (id, name, name_key, created_at, role, password_hash)
     VALUES (1, 'Ann', 'ann', ?, 'admin', 'x')`,
  ).run(now());
  const message = db.prepare(
    `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at, reply_to)
     VALUES ('general', 'Ann', '#1', 1, ?, ?, ?, ?)`,
  );
  message.run('c-ann-1', 'before files', now(), null);
  message.run('c-ann-2', 'a reply', now(), 1);
  db.close();
  return dataDir;
}

describe('upgrading a database of the release before files', () => {
  it('keeps every message, each with no attachments, and takes files from then on', async () => {
    const stores = createSqliteStores(openDatabase(privateRoomsDatabase()));
    try {
      const page = await stores.messages.latest('general', 10);
      assert.deepEqual(
        page.messages.map((m) => [m.message, m.replyTo?.id, m.attachments]),
        [
          ['before files', undefined, []],
          ['a reply', 1, []],
        ],
      );
      await stores.uploads.create({
        id: 'A'.repeat(22),
        userId: 1,
        name: 'first.txt',
        size: 5,
        type: 'text/plain',
      });
      const { message } = await stores.messages.append({
        room: 'general',
        user: 'Ann',
        userKey: '#1',
        userId: 1,
        clientId: 'c-ann-3',
        message: 'the first file',
        attachments: ['A'.repeat(22)],
      });
      assert.deepEqual(
        message.attachments.map((a) => [a.name, a.url]),
        [['first.txt', `/files/${'A'.repeat(22)}/first.txt`]],
      );
    } finally {
      await stores.close();
    }
  });
});
