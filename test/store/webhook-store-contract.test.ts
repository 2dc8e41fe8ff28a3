/** The webhook delivery store's contract, on SQLite and on PostgreSQL, each on a fresh database. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { nameKey } from '../../lib/protocol';
import { DATABASE_FILE, openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { migrate } from '../../lib/server/store/sqlite/sqlite-migrations';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import type { Stores } from '../../lib/server/store/types';
import { storeImplementations } from '../helpers/store-implementations';
import { tempDataDir } from '../helpers/test-server';

const { implementations, dropAll } = storeImplementations();
after(dropAll);

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, seconds));

async function makeBot(stores: Stores, name: string, webhookUrl?: string): Promise<number> {
  const made = await stores.bots.create({
    name,
    key: nameKey(name),
    signingSecret: `secret of ${name}`,
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
  });
  assert.ok(made.ok);
  return made.bot.id;
}

for (const implementation of implementations) {
  describe(`webhook store (${implementation.name})`, () => {
    it('names the bots with webhooks in a room, never for a bot’s own message', async () => {
      const stores = await implementation.open();
      try {
        const person = await stores.accounts.create({ name: 'Ann', key: 'ann', passwordHash: 'x' });
        assert.ok(person.ok);
        const ann = person.account.id;
        const hearing = await makeBot(stores, 'Hearing', 'https://bots.example.com/a');
        const mute = await makeBot(stores, 'Mute');
        // Not a member of general: it hears nothing there.
        await makeBot(stores, 'Elsewhere', 'https://bots.example.com/b');
        const gone = await makeBot(stores, 'Gone', 'https://bots.example.com/c');
        for (const id of [ann, hearing, mute, gone]) await stores.rooms.join('general', id);
        await stores.accounts.update(gone, { deactivated: true });

        assert.deepEqual(await stores.webhooks.targets('general', ann), [
          { botId: hearing, name: 'Hearing' },
        ]);
        assert.deepEqual(await stores.webhooks.targets('general', hearing), []);
        assert.deepEqual(await stores.webhooks.targets('general', mute), []);
      } finally {
        await stores.close();
      }
    });

    it('stores one delivery per bot and message, leases each to one taker, retries and finishes', async () => {
      const stores = await implementation.open();
      try {
        const bot = await makeBot(stores, 'Worker', 'https://bots.example.com/w');
        const { webhooks } = stores;
        await webhooks.enqueue([{ id: 'd1', botId: bot, messageId: 7, body: '{"n":1}' }], at(0));
        // A repeated send of message 7, even after d1 is delivered, makes no second delivery.
        await webhooks.enqueue([{ id: 'd1-again', botId: bot, messageId: 7, body: '{}' }], at(1));
        await webhooks.enqueue([{ id: 'd2', botId: bot, messageId: 8, body: '{"n":2}' }], at(2));
        assert.deepEqual(await webhooks.nextDue(), at(0));
        assert.deepEqual(await webhooks.claimDue(at(1), at(60), 10), [
          {
            id: 'd1',
            botId: bot,
            body: '{"n":1}',
            attempts: 0,
            webhookUrl: 'https://bots.example.com/w',
            signingSecret: 'secret of Worker',
            botName: 'Worker',
            deactivated: false,
          },
        ]);
        // Leased: another node (or this one) does not take it again while the try runs.
        assert.deepEqual(
          (await webhooks.claimDue(at(3), at(60), 10)).map((d) => d.id),
          ['d2'],
        );
        assert.deepEqual(await webhooks.claimDue(at(4), at(60), 10), []);
        // A lease outlives only a taker that died: then the delivery is due again.
        assert.deepEqual(
          (await webhooks.claimDue(at(61), at(120), 1)).map((d) => d.id),
          ['d1'],
        );

        await webhooks.retryAt('d1', 1, at(90));
        await webhooks.release(['d2']);
        assert.deepEqual(
          (await webhooks.claimDue(at(62), at(200), 10)).map((d) => [d.id, d.attempts]),
          [['d2', 0]],
        );
        assert.deepEqual(
          (await webhooks.claimDue(at(90), at(200), 10)).map((d) => [d.id, d.attempts]),
          [['d1', 1]],
        );
        await webhooks.finish('d1', 'delivered');
        await webhooks.finish('d2', 'failed');
        await webhooks.release(['d1', 'd2']); // A late release does not bring them back.
        assert.deepEqual(await webhooks.claimDue(at(500), at(600), 10), []);
        assert.equal(await webhooks.nextDue(), undefined);
        await webhooks.enqueue([{ id: 'd1-late', botId: bot, messageId: 7, body: '{}' }], at(9));
        assert.deepEqual(await webhooks.claimDue(at(500), at(600), 10), []);

        // Pruned, finished deliveries are forgotten; pending ones never are.
        await webhooks.enqueue([{ id: 'd3', botId: bot, messageId: 9, body: '{}' }], at(10));
        await webhooks.prune(new Date(Date.now() + 60_000));
        await webhooks.enqueue([{ id: 'd1-pruned', botId: bot, messageId: 7, body: '{}' }], at(11));
        assert.deepEqual(
          (await webhooks.claimDue(at(500), at(600), 10)).map((d) => d.id),
          ['d3', 'd1-pruned'],
        );
      } finally {
        await stores.close();
      }
    });
  });
}

describe('webhook deliveries (SQLite upgrade)', () => {
  it('upgrades a database of the release before outgoing webhooks, keeping its bots', async () => {
    const dataDir = tempDataDir();
    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE));
    migrate(db, 9);
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO users (id, name, name_key, created_at, role) VALUES (1, 'CI', 'ci', ?, 'member')`,
    ).run(now);
    db.prepare(
      `INSERT INTO bots (user_id, signing_secret, webhook_url, created_at) VALUES (1, 's', 'https://ci.example.com/h', ?)`,
    ).run(now);
    db.close();
    const stores = createSqliteStores(openDatabase(dataDir));
    try {
      assert.equal((await stores.bots.get(1))?.webhookUrl, 'https://ci.example.com/h');
      await stores.webhooks.enqueue([{ id: 'd', botId: 1, messageId: 1, body: '{}' }], at(0));
      assert.deepEqual(
        (await stores.webhooks.claimDue(at(1), at(2), 1)).map((d) => d.botName),
        ['CI'],
      );
    } finally {
      await stores.close();
    }
  });
});
