/** The push store's contract, on SQLite and on PostgreSQL, each on a fresh database. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { nameKey } from '../../lib/protocol';
import { loadVapidKeys } from '../../lib/server/push/vapid-keys';
import type { Stores } from '../../lib/server/store/types';
import { storeImplementations } from '../helpers/store-implementations';

const { implementations, dropAll } = storeImplementations();
after(dropAll);

const keys = { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) };

async function person(stores: Stores, name: string, session: string) {
  const made = await stores.accounts.create({ name, key: nameKey(name), passwordHash: 'x' });
  assert.ok(made.ok);
  await stores.sessions.create(session, made.account.id, 'Firefox on Linux');
  return made.account.id;
}

for (const implementation of implementations) {
  describe(`push store (${implementation.name})`, () => {
    it('finds the room members’ live subscriptions with their levels, skipping do-not-disturb', async () => {
      const stores = await implementation.open();
      try {
        const ann = await person(stores, 'Ann', 'sa');
        const ben = await person(stores, 'Ben', 'sb');
        const cy = await person(stores, 'Cy', 'sc');
        const dee = await person(stores, 'Dee', 'sd');
        for (const id of [ann, ben, cy]) await stores.rooms.join('general', id);
        await stores.rooms.setNotify('general', cy, 'mentions');
        await stores.push.subscribe('sa', ann, 'https://push.example.com/ann', keys);
        await stores.push.subscribe('sb', ben, 'https://push.example.com/ben', keys);
        await stores.push.subscribe('sc', cy, 'https://push.example.com/cy', keys);
        // Dee is subscribed but not a member.
        await stores.push.subscribe('sd', dee, 'https://push.example.com/dee', keys);
        const now = new Date();
        const targets = await stores.push.targets('general', ann, now);
        assert.deepEqual(targets.map((t) => [t.name, t.notify, t.endpoint, t.keys]).sort(), [
          ['Ben', 'all', 'https://push.example.com/ben', keys],
          ['Cy', 'mentions', 'https://push.example.com/cy', keys],
        ]);
        await stores.push.setDoNotDisturb(ben, new Date(now.getTime() + 60_000));
        assert.deepEqual(
          (await stores.push.targets('general', ann, now)).map((t) => t.name),
          ['Cy'],
        );
        // A time that has passed holds nothing.
        const later = new Date(now.getTime() + 120_000);
        assert.equal((await stores.push.targets('general', ann, later)).length, 2);
        assert.ok((await stores.push.doNotDisturbUntil(ben)) !== undefined);
        await stores.push.setDoNotDisturb(ben, undefined);
        assert.equal(await stores.push.doNotDisturbUntil(ben), undefined);

        // One endpoint, one owner: the browser moves to whoever subscribes it last.
        await stores.push.subscribe('sa', ann, 'https://push.example.com/cy', keys);
        assert.deepEqual([...(await stores.push.sessionsWithPush(ann))], ['sa']);
        assert.equal((await stores.push.sessionsWithPush(cy)).size, 0);
        await stores.push.forget('https://push.example.com/cy');
        assert.equal((await stores.push.sessionsWithPush(ann)).size, 1);
        // Ending every other session of an account ends their pushes.
        await stores.sessions.removeAll(ben, 'none');
        assert.equal((await stores.push.sessionsWithPush(ben)).size, 0);
      } finally {
        await stores.close();
      }
    });

    it('agrees on one VAPID pair however many nodes make one at once', async () => {
      const stores = await implementation.open();
      try {
        const pairs = await Promise.all(
          Array.from({ length: 4 }, () => loadVapidKeys(stores.settings, undefined)),
        );
        assert.equal(new Set(pairs.map((pair) => pair.publicKey)).size, 1);
        const configured = { publicKey: 'P', privateKey: 'Q' };
        assert.deepEqual(await loadVapidKeys(stores.settings, configured), configured);
      } finally {
        await stores.close();
      }
    });
  });
}
