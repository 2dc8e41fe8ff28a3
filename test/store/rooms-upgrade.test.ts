import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { tempDataDir } from '../helpers/test-server';

/** Schema version 5: accounts, before private channels, archiving and notification levels. */
const BEFORE_PRIVATE_ROOMS = 5;
const now = () => new Date().toISOString();

/** A database as the build before private rooms wrote it: a channel and a DM of two. */
function accountsDatabase(): string {
  const dataDir = tempDataDir();
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  migrate(db, BEFORE_PRIVATE_ROOMS);
  const user = db.prepare(
    `INSERT INTO users (id, name, name_key, created_at, role, password_hash)
     VALUES (?, ?, ?, ?, ?, 'x')`,
  );
  user.run(1, 'Ann', 'ann', now(), 'admin');
  user.run(2, 'Ben', 'ben', now(), 'member');
  const room = db.prepare(
    'INSERT INTO rooms (name, kind, created_at, dm_key, topic) VALUES (?, ?, ?, ?, ?)',
  );
  room.run('design', 'channel', now(), null, 'Pixels');
  room.run('dm-0123456789abcdef0123', 'dm', now(), '1:2', '');
  const member = db.prepare(
    'INSERT INTO room_members (room, user_id, last_read_id) VALUES (?, ?, ?)',
  );
  member.run('design', 1, 0);
  member.run('dm-0123456789abcdef0123', 1, 0);
  member.run('dm-0123456789abcdef0123', 2, 0);
  db.prepare(
    `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at)
     VALUES (?, 'Ann', '#1', 1, ?, ?, ?)`,
  ).run('design', 'c-ann-1', 'a public persimmon', now());
  db.close();
  return dataDir;
}

describe('upgrading a database of the build before private rooms', () => {
  it('keeps every channel public and unarchived, every DM, and every level at all', async () => {
    const stores = createSqliteStores(openDatabase(accountsDatabase()));
    try {
      const ann = { id: 1, name: 'Ann', key: '#1' };
      const ben = { id: 2, name: 'Ben', key: '#2' };
      assert.deepEqual(await stores.rooms.get('design'), {
        name: 'design',
        kind: 'channel',
        isPrivate: false,
        archived: false,
      });
      const listed = await stores.rooms.list(ben);
      assert.deepEqual(
        listed.map((room) => [room.name, room.notify, room.private, room.topic]),
        [
          ['general', 'all', undefined, ''],
          ['design', 'all', undefined, 'Pixels'],
          ['dm-0123456789abcdef0123', 'all', undefined, ''],
        ],
      );
      // The DM's old key is the key of its set of two.
      const dm = await stores.rooms.openDm([ben, ann]);
      assert.equal(dm.name, 'dm-0123456789abcdef0123');
      assert.deepEqual(dm.members, ['Ann', 'Ben']);
      const found = await stores.messages.search(ben.id, 'persimmon', { limit: 5 });
      assert.equal(found.results.length, 1, 'a public channel stays searchable to all');
    } finally {
      await stores.close();
    }
  });
});
