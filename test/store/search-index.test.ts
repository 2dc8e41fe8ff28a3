import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import type { Stores } from '../../lib/server/store/types';
import { tempDataDir } from '../helpers/test-server';

/** Schema version 10: bots, the release before search indexing left the commit. */
const BEFORE_DEFERRED_INDEX = 10;

const indexedCount = (db: Database) =>
  db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages_fts_docsize').get()?.n ?? 0;

/** FTS5's own check of the index against the messages table; throws when they differ. */
const assertIndexIntact = (db: Database) =>
  db.exec("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");

async function person(stores: Stores, name: string) {
  const made = await stores.accounts.create({ name, key: name.toLowerCase(), passwordHash: 'x' });
  assert.ok(made.ok);
  return made.account;
}

const say = (stores: Stores, user: { id: number; name: string }, text: string, n: number) =>
  stores.messages.append({
    room: 'general',
    user: user.name,
    userKey: `#${user.id}`,
    userId: user.id,
    clientId: `client-${n}-of-${user.id}`,
    message: text,
  });

const found = async (stores: Stores, userId: number, query: string) =>
  (await stores.messages.search(userId, query, { limit: 10 })).results.map((r) => r.message.id);

describe('search indexing outside the commit', () => {
  it('commits a message without indexing it, and a search finds it at once', async () => {
    const db = openDatabase(tempDataDir());
    const stores = createSqliteStores(db);
    try {
      const ann = await person(stores, 'Ann');
      const before = indexedCount(db);
      const { message } = await say(stores, ann, 'the quarterly numbers', 1);
      assert.equal(indexedCount(db), before, 'the commit wrote nothing to the index');
      assert.deepEqual(await found(stores, ann.id, 'quarterly'), [message.id]);
      assert.equal(indexedCount(db), before + 1);
      assertIndexIntact(db);
    } finally {
      await stores.close();
    }
  });

  it('finds a message edited before indexing by its new text only, and a deleted one not at all', async () => {
    const db = openDatabase(tempDataDir());
    const stores = createSqliteStores(db);
    try {
      const ann = await person(stores, 'Ann');
      const edited = (await say(stores, ann, 'meet at the harbour', 1)).message;
      const deleted = (await say(stores, ann, 'harbour secret', 2)).message;
      await stores.messages.edit(edited.id, 'meet at the station');
      await stores.messages.remove(deleted.id);
      assert.deepEqual(await found(stores, ann.id, 'harbour'), []);
      assert.deepEqual(await found(stores, ann.id, 'station'), [edited.id]);
      assertIndexIntact(db);
      // Once indexed, an edit keeps the index in step at once (migration 11's trigger).
      await stores.messages.edit(edited.id, 'meet at the airport');
      assert.deepEqual(await found(stores, ann.id, 'station'), []);
      assert.deepEqual(await found(stores, ann.id, 'airport'), [edited.id]);
      assertIndexIntact(db);
    } finally {
      await stores.close();
    }
  });

  it('indexes at the next start what a crash left unindexed', async () => {
    const dataDir = tempDataDir();
    const first = openDatabase(dataDir);
    const stores = createSqliteStores(first);
    const ann = await person(stores, 'Ann');
    const { message } = await say(stores, ann, 'acknowledged before the crash', 1);
    // The process dies: no close, no catching up.
    first.close();
    const db = openDatabase(dataDir);
    const again = createSqliteStores(db);
    try {
      assert.equal(indexedCount(db), 1, 'indexed at start, before any search');
      assert.deepEqual(await found(again, ann.id, 'crash'), [message.id]);
      assertIndexIntact(db);
    } finally {
      await again.close();
    }
  });
});

describe('search indexing while storage fails', () => {
  it('answers from what is indexed while another process holds the write lock, then catches up', async () => {
    const dataDir = tempDataDir();
    const db = openDatabase(dataDir);
    const stores = createSqliteStores(db);
    const other = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    try {
      const ann = await person(stores, 'Ann');
      const first = (await say(stores, ann, 'invoice one', 1)).message;
      assert.deepEqual(await found(stores, ann.id, 'invoice'), [first.id]);
      const second = (await say(stores, ann, 'invoice two', 2)).message;
      other.exec('BEGIN IMMEDIATE');
      assert.deepEqual(await found(stores, ann.id, 'invoice'), [first.id]);
      other.exec('COMMIT');
      assert.deepEqual(await found(stores, ann.id, 'invoice'), [second.id, first.id]);
      assertIndexIntact(db);
    } finally {
      other.close();
      await stores.close();
    }
  });
});

describe('upgrading a database of the release before indexing left the commit', () => {
  it('keeps every stored message searchable, and edits of them in step', async () => {
    const dataDir = tempDataDir();
    const old = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    migrate(old, BEFORE_DEFERRED_INDEX);
    old
      .prepare(
        `INSERT INTO users (id, name, name_key, created_at, role, password_hash)
         VALUES (1, 'Ann', 'ann', ?, 'admin', 'x')`,
      )
      .run(new Date().toISOString());
    const insert = old.prepare(
      `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at)
       VALUES ('general', 'Ann', '#1', 1, ?, ?, ?)`,
    );
    insert.run('client-old-1', 'budget draft attached', new Date().toISOString());
    insert.run('client-old-2', 'budget final', new Date().toISOString());
    old.close();

    const db = openDatabase(dataDir);
    const stores = createSqliteStores(db);
    try {
      assert.equal(indexedCount(db), 2);
      const [newer, older] = await found(stores, 1, 'budget');
      assert.ok(newer !== undefined && older !== undefined && newer > older);
      await stores.messages.edit(older, 'plan draft attached');
      assert.deepEqual(await found(stores, 1, 'budget'), [newer]);
      assert.deepEqual(await found(stores, 1, 'plan'), [older]);
      const { message } = await say(stores, { id: 1, name: 'Ann' }, 'budget after upgrade', 3);
      assert.deepEqual(await found(stores, 1, 'budget'), [message.id, newer]);
      assertIndexIntact(db);
    } finally {
      await stores.close();
    }
  });
});
