/** The bot store's contract, on SQLite and on PostgreSQL, each on a fresh database. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { nameKey } from '../../lib/protocol';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { storeImplementations } from '../helpers/store-implementations';
import { tempDataDir } from '../helpers/test-server';

const { implementations, dropAll } = storeImplementations();
after(dropAll);

const bot = (name: string, webhookUrl?: string) => ({
  name,
  key: nameKey(name),
  signingSecret: `secret of ${name}`,
  ...(webhookUrl === undefined ? {} : { webhookUrl }),
});

for (const implementation of implementations) {
  describe(`bot store (${implementation.name})`, () => {
    it('makes bots as accounts with unique names, keeps their secrets, points their webhooks', async () => {
      const stores = await implementation.open();
      try {
        const made = await stores.bots.create(bot('CI', 'https://ci.example.com/hook'));
        assert.ok(made.ok);
        assert.equal(made.bot.webhookUrl, 'https://ci.example.com/hook');
        assert.deepEqual(await stores.bots.create(bot('ci')), { ok: false, reason: 'name_taken' });
        const person = await stores.accounts.create({ name: 'Ann', key: 'ann', passwordHash: 'x' });
        assert.ok(person.ok);
        // A bot never becomes the admin, and has no password.
        const account = await stores.accounts.get(made.bot.id);
        assert.equal(account?.role, 'member');
        assert.equal(account.hasPassword, false);
        assert.equal((await stores.bots.get(made.bot.id))?.signingSecret, 'secret of CI');
        assert.equal(await stores.bots.get(person.account.id), undefined);
        await stores.bots.setWebhook(made.bot.id, undefined);
        assert.deepEqual(
          (await stores.bots.list()).map((b) => [b.name, b.webhookUrl]),
          [['CI', undefined]],
        );
      } finally {
        await stores.close();
      }
    });
  });
}

describe('bot tokens (SQLite)', () => {
  it('never expire from disuse, where a person’s session does after 30 days', async () => {
    const dataDir = tempDataDir();
    const stores = createSqliteStores(openDatabase(dataDir));
    try {
      const made = await stores.bots.create(bot('Monthly'));
      assert.ok(made.ok);
      const person = await stores.accounts.create({ name: 'Bea', key: 'bea', passwordHash: 'x' });
      assert.ok(person.ok);
      await stores.sessions.create('bot-session', made.bot.id, 'Bot token');
      await stores.sessions.create('person-session', person.account.id, 'Firefox');
    } finally {
      await stores.close();
    }
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000).toISOString();
    db.prepare('UPDATE sessions SET last_seen_at = ?').run(longAgo);
    db.close();
    const reopened = createSqliteStores(openDatabase(dataDir));
    try {
      assert.equal((await reopened.sessions.find('bot-session'))?.name, 'Monthly');
      assert.equal((await reopened.sessions.find('bot-session'))?.isBot, true);
      assert.equal(await reopened.sessions.find('person-session'), undefined);
    } finally {
      await reopened.close();
    }
  });

  it('upgrades a database of the release before bots, keeping its accounts and sessions', async () => {
    const dataDir = tempDataDir();
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    migrate(db, 8);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO users (id, name, name_key, created_at, role, password_hash)
       VALUES (1, 'Ann', 'ann', ?, 'admin', 'x')`,
    ).run(now);
    db.prepare(
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, device) VALUES ('s1', 1, ?, ?, 'Firefox')`,
    ).run(now, now);
    db.close();
    const stores = createSqliteStores(openDatabase(dataDir));
    try {
      assert.equal((await stores.sessions.find('s1'))?.name, 'Ann');
      assert.deepEqual(await stores.bots.list(), []);
      assert.ok((await stores.bots.create(bot('First Bot'))).ok);
    } finally {
      await stores.close();
    }
  });
});
