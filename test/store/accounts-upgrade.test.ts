import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { tempDataDir } from '../helpers/test-server';

/** Schema version 4: what the release before accounts left behind. */
const PREVIOUS_RELEASE = 4;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const DAY = 24 * 60 * 60 * 1000;

/** A database as the previous release wrote it: people were sessions holding names. */
function previousReleaseDatabase(): string {
  const dataDir = tempDataDir();
  const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
  migrate(db, PREVIOUS_RELEASE);
  const user = db.prepare('INSERT INTO users (id, name, name_key, created_at) VALUES (?, ?, ?, ?)');
  const session = db.prepare(
    `INSERT INTO sessions (id, name, name_key, created_at, last_seen_at, user_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const message = db.prepare(
    `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // 1 Ann: signed in. 2 Dan: signed out long ago. 3 Dan: holds "Dan" now. 4 Eve: idle 40 days.
  user.run(1, 'Ann', 'ann', iso(50 * DAY));
  user.run(2, 'Dan', 'dan', iso(40 * DAY));
  user.run(3, 'dan', 'dan', iso(10 * DAY));
  user.run(4, 'Eve', 'eve', iso(45 * DAY));
  session.run('ann-session', 'Ann', 'ann', iso(50 * DAY), iso(DAY), 1);
  session.run('dan-session', 'dan', 'dan', iso(10 * DAY), iso(2 * DAY), 3);
  session.run('eve-session', 'Eve', 'eve', iso(45 * DAY), iso(40 * DAY), 4);
  message.run('general', 'Ann', 'ann', 1, 'c-ann-1', 'hello from Ann', iso(30 * DAY));
  message.run('general', 'Dan', 'dan', 2, 'c-dan-1', 'old Dan was here', iso(39 * DAY));
  message.run('general', 'dan', 'dan', 3, 'c-dan-2', 'new dan here', iso(5 * DAY));
  db.prepare(
    `INSERT INTO rooms (name, kind, created_at, dm_key) VALUES ('dm-ab', 'dm', ?, '1:3')`,
  ).run(iso(5 * DAY));
  message.run('dm-ab', 'Ann', 'ann', 1, 'c-ann-2', 'a secret for dan', iso(4 * DAY));
  const member = db.prepare(
    'INSERT INTO room_members (room, user_id, last_read_id) VALUES (?, ?, ?)',
  );
  member.run('general', 1, 3);
  member.run('general', 3, 2);
  member.run('dm-ab', 1, 4);
  member.run('dm-ab', 3, 0);
  db.prepare(
    `INSERT INTO reactions (message_id, emoji, user_id, user_name, created_at) VALUES (1, '👍', 2, 'Dan', ?)`,
  ).run(iso(38 * DAY));
  db.close();
  return dataDir;
}

describe('upgrading a database of the release before accounts', () => {
  it('keeps every message, DM, membership, read marker and live session', async () => {
    const stores = createSqliteStores(openDatabase(previousReleaseDatabase()));
    try {
      const accounts = await stores.accounts.list();
      assert.deepEqual(
        accounts.map(({ id, name, role, deactivated, hasPassword }) => ({
          id,
          name,
          role,
          deactivated,
          hasPassword,
        })),
        [
          { id: 1, name: 'Ann', role: 'admin', deactivated: false, hasPassword: false },
          // Signed out, and its name is now someone else's: deactivated, with a suffix.
          { id: 2, name: 'Dan (2)', role: 'member', deactivated: true, hasPassword: false },
          { id: 3, name: 'dan', role: 'member', deactivated: false, hasPassword: false },
          // Idle past the 30 days: its session had expired, so the account is deactivated.
          { id: 4, name: 'Eve', role: 'member', deactivated: true, hasPassword: false },
        ],
      );
      // Live sessions still sign in; the expired one is gone.
      assert.equal((await stores.sessions.find('ann-session'))?.userId, 1);
      assert.equal((await stores.sessions.find('dan-session'))?.name, 'dan');
      assert.equal(await stores.sessions.find('eve-session'), undefined);

      const general = await stores.messages.latest('general', 10);
      assert.deepEqual(
        general.messages.map((m) => [m.user, m.userId, m.message]),
        [
          ['Ann', 1, 'hello from Ann'],
          ['Dan (2)', 2, 'old Dan was here'],
          ['dan', 3, 'new dan here'],
        ],
      );
      assert.deepEqual(general.messages[0]?.reactions, [{ emoji: '👍', users: ['Dan (2)'] }]);
      const dm = await stores.rooms.get('dm-ab');
      assert.deepEqual(dm?.memberNames, ['Ann', 'dan']);
      assert.deepEqual(
        (await stores.messages.latest('dm-ab', 10)).messages.map((m) => m.message),
        ['a secret for dan'],
      );
      assert.deepEqual((await stores.rooms.memberRooms(3)).sort(), ['dm-ab', 'general']);
      const annRooms = await stores.rooms.list({ id: 1, name: 'Ann', key: '#1' });
      assert.equal(annRooms.find((room) => room.name === 'general')?.lastReadId, 3);
      // A retry of a message sent before the upgrade is still recognised as the same one.
      assert.equal(
        (await stores.messages.findByClientId('#1', 'c-ann-1'))?.message,
        'hello from Ann',
      );
    } finally {
      await stores.close();
    }
  });
});
