/**
 * The account stores' contract (accounts, sessions, one-time tokens, passkeys, settings): each
 * case runs on SQLite and on PostgreSQL, each on a fresh database.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { nameKey } from '../../lib/protocol';
import type { Stores } from '../../lib/server/store/types';
import { storeImplementations } from '../helpers/store-implementations';

const { implementations, dropAll } = storeImplementations();
after(dropAll);

const account = (name: string) => ({ name, key: nameKey(name), passwordHash: `hash of ${name}` });

async function make(stores: Stores, name: string) {
  const result = await stores.accounts.create(account(name));
  assert.ok(result.ok, `${name} could be made`);
  return result.account;
}

for (const implementation of implementations) {
  const run = (test: (stores: Stores) => Promise<void>) => async () => {
    const stores = await implementation.open();
    try {
      await test(stores);
    } finally {
      await stores.close();
    }
  };

  describe(`account stores on ${implementation.name}`, () => {
    it(
      'makes the first account an admin, later ones members, and keeps names unique by case',
      run(async (stores) => {
        assert.equal(await stores.accounts.hasActiveAdmin(), false);
        const ada = await make(stores, 'Ada');
        assert.equal(ada.role, 'admin');
        assert.equal(ada.hasPassword, true);
        const bo = await make(stores, 'Bo');
        assert.equal(bo.role, 'member');
        assert.deepEqual(await stores.accounts.create(account('ADA')), {
          ok: false,
          reason: 'name_taken',
        });
        assert.equal((await stores.accounts.findByKey('ada'))?.passwordHash, 'hash of Ada');
        assert.deepEqual(
          (await stores.accounts.list()).map((a) => a.name),
          ['Ada', 'Bo'],
        );
        // Racing first accounts on an empty server: only one becomes an admin.
        const fresh = await implementation.open();
        try {
          const racing = await Promise.all(
            ['R1', 'R2', 'R3', 'R4'].map((name) => fresh.accounts.create(account(name))),
          );
          const roles = racing.flatMap((result) => (result.ok ? [result.account.role] : []));
          assert.deepEqual(roles.sort(), ['admin', 'member', 'member', 'member']);
        } finally {
          await fresh.close();
        }
      }),
    );

    it(
      'never leaves the server without an active admin; deactivating ends every session',
      run(async (stores) => {
        const ada = await make(stores, 'Ada');
        const bo = await make(stores, 'Bo');
        assert.deepEqual(await stores.accounts.update(ada.id, { role: 'member' }), {
          ok: false,
          reason: 'last_admin',
        });
        assert.deepEqual(await stores.accounts.update(ada.id, { deactivated: true }), {
          ok: false,
          reason: 'last_admin',
        });
        assert.equal(
          (await stores.accounts.get(ada.id))?.role,
          'admin',
          'refused changes roll back',
        );
        const promoted = await stores.accounts.update(bo.id, { role: 'admin' });
        assert.ok(promoted.ok);
        await stores.sessions.create('ada-phone', ada.id, 'Safari on iOS');
        const demoted = await stores.accounts.update(ada.id, { deactivated: true });
        assert.ok(demoted.ok);
        assert.equal(demoted.account.deactivated, true);
        assert.equal(await stores.sessions.find('ada-phone'), undefined);
        assert.deepEqual(await stores.sessions.list(ada.id), []);
        assert.deepEqual(await stores.accounts.update(999_999, { role: 'admin' }), {
          ok: false,
          reason: 'not_found',
        });
      }),
    );

    it(
      'holds many sessions per account, lists them, and ends all but one',
      run(async (stores) => {
        const ada = await make(stores, 'Ada');
        await stores.sessions.create('laptop', ada.id, 'Firefox on Linux');
        await stores.sessions.create('phone', ada.id, 'Safari on iOS');
        assert.deepEqual(await stores.sessions.find('phone'), {
          sessionId: 'phone',
          userId: ada.id,
          name: 'Ada',
          role: 'admin',
          isBot: false,
        });
        const listed = await stores.sessions.list(ada.id);
        assert.deepEqual(listed.map((s) => s.device).sort(), ['Firefox on Linux', 'Safari on iOS']);
        assert.ok((await stores.accounts.get(ada.id))?.lastSeenAt !== undefined);
        await stores.sessions.removeAll(ada.id, 'phone');
        assert.equal(await stores.sessions.find('laptop'), undefined);
        assert.notEqual(await stores.sessions.find('phone'), undefined);
        await stores.sessions.remove('phone');
        assert.equal(await stores.sessions.find('phone'), undefined);
      }),
    );

    it(
      'renames an account everywhere: its messages, reactions and DMs',
      run(async (stores) => {
        const ada = await make(stores, 'Ada');
        const bo = await make(stores, 'Bo');
        const stored = await stores.messages.append({
          room: 'general',
          user: 'Ada',
          userKey: `#${ada.id}`,
          userId: ada.id,
          clientId: 'rename-1',
          message: 'hello',
        });
        await stores.messages.react(
          stored.message.id,
          '👍',
          { id: ada.id, name: 'Ada', key: `#${ada.id}` },
          true,
        );
        const dm = await stores.rooms.openDm([
          { id: ada.id, name: 'Ada', key: `#${ada.id}` },
          { id: bo.id, name: 'Bo', key: `#${bo.id}` },
        ]);
        assert.deepEqual(await stores.accounts.rename(ada.id, 'Bo', 'bo'), {
          ok: false,
          reason: 'name_taken',
        });
        assert.deepEqual(await stores.accounts.rename(ada.id, 'Zed', 'zed'), { ok: true });
        stores.rooms.renamed(ada.id, 'Zed');
        const renamed = await stores.messages.get(stored.message.id);
        assert.ok(renamed !== undefined);
        assert.equal(renamed.message.user, 'Zed');
        assert.equal(renamed.message.userId, ada.id);
        assert.deepEqual(renamed.message.reactions, [{ emoji: '👍', users: ['Zed'] }]);
        assert.deepEqual((await stores.rooms.get(dm.name))?.memberNames, ['Bo', 'Zed']);
        assert.equal(await stores.accounts.findByKey('ada'), undefined);
        assert.equal((await stores.accounts.findByKey('zed'))?.id, ada.id);
      }),
    );

    it(
      'lets a one-time token work once, only before it expires',
      run(async (stores) => {
        const ada = await make(stores, 'Ada');
        const later = Date.now() + 60_000;
        await stores.tokens.issue('h1', 'link', ada.id, later);
        assert.equal(await stores.tokens.consume('h1', 'recovery'), undefined, 'kinds differ');
        assert.equal((await stores.tokens.consume('h1', 'link'))?.userId, ada.id);
        assert.equal(await stores.tokens.consume('h1', 'link'), undefined, 'used up');
        await stores.tokens.issue('h2', 'link', ada.id, Date.now() - 1);
        assert.equal(await stores.tokens.consume('h2', 'link'), undefined, 'expired');
        await stores.tokens.issue('h3', 'passkey_signin', undefined, later);
        assert.equal((await stores.tokens.consume('h3', 'passkey_signin'))?.userId, undefined);
        await stores.tokens.issue('h4', 'recovery', ada.id, later);
        await stores.tokens.revoke(ada.id, 'recovery');
        assert.equal(await stores.tokens.consume('h4', 'recovery'), undefined, 'revoked');
      }),
    );

    it(
      'keeps passkeys per account and settings per key',
      run(async (stores) => {
        const ada = await make(stores, 'Ada');
        const bo = await make(stores, 'Bo');
        const key = { userId: ada.id, publicKey: new Uint8Array([1, 2, 3]), counter: 0 };
        await stores.passkeys.add({
          ...key,
          id: 'cred-1',
          transports: ['internal'],
          name: 'Laptop',
        });
        const found = await stores.passkeys.find('cred-1');
        assert.ok(found !== undefined);
        assert.deepEqual(found.publicKey, new Uint8Array([1, 2, 3]));
        assert.deepEqual(found.transports, ['internal']);
        await stores.passkeys.markUsed('cred-1', 7);
        assert.equal((await stores.passkeys.find('cred-1'))?.counter, 7);
        assert.deepEqual(
          (await stores.passkeys.list(ada.id)).map((p) => p.name),
          ['Laptop'],
        );
        assert.equal(await stores.passkeys.remove(bo.id, 'cred-1'), false, 'not Bo’s to remove');
        assert.equal(await stores.passkeys.remove(ada.id, 'cred-1'), true);
        assert.deepEqual(await stores.passkeys.list(ada.id), []);

        assert.equal(await stores.settings.get('registration'), undefined);
        assert.equal(await stores.settings.setIfAbsent('invite_code', 'first'), 'first');
        assert.equal(await stores.settings.setIfAbsent('invite_code', 'second'), 'first');
        await stores.settings.set('invite_code', 'third');
        assert.equal(await stores.settings.get('invite_code'), 'third');
      }),
    );
  });
}
