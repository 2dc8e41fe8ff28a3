import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { tempDataDir } from '../helpers/test-server';

/** Schema version 7: files, the release before web push. */
const BEFORE_PUSH = 7;
const now = () => new Date().toISOString();

/** A database as the release before push left it: an account signed in on one device. */
function filesDatabase(): string {
  const dataDir = tempDataDir();
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  migrate(db, BEFORE_PUSH);
  db.prepare(
    `INSERT INTO users (id, name, name_key, created_at, role, password_hash)
     VALUES (1, 'Ann', 'ann', ?, 'admin', 'x')`,
  ).run(now());
  db.prepare(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, device) VALUES ('s1', 1, ?, ?, 'Firefox')`,
  ).run(now(), now());
  db.prepare(`INSERT INTO room_members (room, user_id) VALUES ('general', 1)`).run();
  db.prepare(
    `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at)
     VALUES ('general', 'Ann', '#1', 1, 'c-1', 'before push', ?)`,
  ).run(now());
  db.close();
  return dataDir;
}

describe('upgrading a database of the release before web push', () => {
  it('keeps accounts, sessions and messages, with no pushes and no do-not-disturb', async () => {
    const stores = createSqliteStores(openDatabase(filesDatabase()));
    try {
      assert.equal((await stores.sessions.find('s1'))?.name, 'Ann');
      const page = await stores.messages.latest('general', 10);
      assert.deepEqual(
        page.messages.map((m) => m.message),
        ['before push'],
      );
      assert.equal(await stores.push.doNotDisturbUntil(1), undefined);
      assert.equal((await stores.push.sessionsWithPush(1)).size, 0);

      // The session subscribes; ending the session ends its subscription with it.
      const keys = { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) };
      await stores.push.subscribe('s1', 1, 'https://push.example.com/1', keys);
      assert.deepEqual([...(await stores.push.sessionsWithPush(1))], ['s1']);
      await stores.sessions.remove('s1');
      assert.equal((await stores.push.sessionsWithPush(1)).size, 0);
    } finally {
      await stores.close();
    }
  });
});
