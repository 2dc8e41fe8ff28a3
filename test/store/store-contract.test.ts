/**
 * One contract for every store implementation: each case runs on SQLite (the default) and on
 * PostgreSQL (DATABASE_URL), each on a fresh database.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { nameKey } from '../../lib/protocol';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { openPostgresStores } from '../../lib/server/store/postgres/postgres-stores';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import { authorKey } from '../../lib/server/store/account-rows';
import type { NewMessage, Stores, UserRef } from '../../lib/server/store/types';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { tempDataDir } from '../helpers/test-server';

interface Implementation {
  name: string;
  open(): Promise<Stores>;
}

const databases: TestDatabase[] = [];
after(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

const implementations: Implementation[] = [
  {
    name: 'SQLite',
    open: () => Promise.resolve(createSqliteStores(openDatabase(tempDataDir()))),
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const database = await createTestDatabase();
      databases.push(database);
      return openPostgresStores(database.url, { maxConnections: 4 });
    },
  },
];

async function signIn(stores: Stores, name: string): Promise<UserRef> {
  const result = await stores.accounts.create({ name, key: nameKey(name), passwordHash: 'x' });
  if (!result.ok) throw new Error(`${name} is taken`);
  return { id: result.account.id, name, key: authorKey(result.account.id) };
}

let clientCount = 0;
function draft(user: UserRef, room: string, message: string, extra: Partial<NewMessage> = {}) {
  return {
    room,
    user: user.name,
    userKey: user.key,
    userId: user.id,
    clientId: `client-${++clientCount}`,
    message,
    ...extra,
  } satisfies NewMessage;
}

async function withStores(implementation: Implementation, test: (stores: Stores) => Promise<void>) {
  const stores = await implementation.open();
  try {
    await test(stores);
  } finally {
    await stores.close();
  }
}

for (const implementation of implementations) {
  const run = (test: (stores: Stores) => Promise<void>) => () => withStores(implementation, test);

  describe(`store contract on ${implementation.name}`, () => {
    it(
      'appends with increasing ids and stores a repeated clientId once',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const first = await stores.messages.append(draft(alice, 'general', 'one'));
        const second = await stores.messages.append(draft(alice, 'general', 'two'));
        assert.equal(first.created, true);
        assert.ok(second.message.id > first.message.id);
        assert.equal(first.message.user, 'Alice');
        assert.equal(first.message.message, 'one');
        assert.deepEqual(first.message.reactions, []);
        assert.ok(!Number.isNaN(Date.parse(first.message.createdAt)));

        const retry = await stores.messages.append({
          ...draft(alice, 'general', 'one again'),
          clientId: first.message.clientId,
        });
        assert.equal(retry.created, false);
        assert.deepEqual(retry.message, first.message);

        // Two copies in flight at once (the same batch): one is stored, both get it.
        const twin = draft(alice, 'general', 'twin');
        const [a, b] = await Promise.all([
          stores.messages.append(twin),
          stores.messages.append(twin),
        ]);
        assert.deepEqual([a.created, b.created], [true, false]);
        assert.equal(a.message.id, b.message.id);
        const page = await stores.messages.latest('general', 10);
        assert.deepEqual(
          page.messages.map((m) => m.message),
          ['one', 'two', 'twin'],
        );
        assert.deepEqual(await stores.messages.findByClientId(alice.key, twin.clientId), a.message);
        assert.equal(await stores.messages.findByClientId(alice.key, 'nobody'), undefined);
      }),
    );

    it(
      'pages latest, after and before in ascending order with hasMore',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const ids: number[] = [];
        for (let i = 0; i < 7; i++) {
          ids.push((await stores.messages.append(draft(alice, 'general', `m${i}`))).message.id);
        }
        const latest = await stores.messages.latest('general', 3);
        assert.deepEqual(
          latest.messages.map((m) => m.id),
          ids.slice(4),
        );
        assert.equal(latest.hasMore, true);
        const before = await stores.messages.before('general', ids[4] ?? 0, 10);
        assert.deepEqual(
          before.messages.map((m) => m.id),
          ids.slice(0, 4),
        );
        assert.equal(before.hasMore, false);
        const afterPage = await stores.messages.after('general', ids[1] ?? 0, 3);
        assert.deepEqual(
          afterPage.messages.map((m) => m.id),
          ids.slice(2, 5),
        );
        assert.equal(afterPage.hasMore, true);
        assert.deepEqual((await stores.messages.latest('elsewhere', 5)).messages, []);
      }),
    );

    it(
      'quotes a reply’s parent as it is now, through edits and deletes',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const bob = await signIn(stores, 'Bob');
        const parent = await stores.messages.append(draft(alice, 'general', 'x'.repeat(300)));
        const reply = await stores.messages.append(
          draft(bob, 'general', 'agreed', { replyTo: parent.message.id }),
        );
        assert.deepEqual(reply.message.replyTo, {
          id: parent.message.id,
          user: 'Alice',
          message: 'x'.repeat(200),
          deleted: false,
        });
        await stores.messages.edit(parent.message.id, 'changed');
        const edited = await stores.messages.get(reply.message.id);
        assert.equal(edited?.message.replyTo?.message, 'changed');
        await stores.messages.remove(parent.message.id);
        const orphan = await stores.messages.get(reply.message.id);
        assert.deepEqual(orphan?.message.replyTo, {
          id: parent.message.id,
          user: 'Alice',
          message: '',
          deleted: true,
        });
      }),
    );

    it(
      'edits, deletes and reactions each take the next change sequence',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const bob = await signIn(stores, 'Bob');
        const one = (await stores.messages.append(draft(alice, 'general', 'one'))).message;
        const two = (await stores.messages.append(draft(alice, 'general', 'two'))).message;
        const start = await stores.messages.currentSeq();

        const edited = await stores.messages.edit(one.id, 'one, edited');
        assert.equal(edited.message, 'one, edited');
        assert.ok(edited.editedAt !== undefined);
        const stored = await stores.messages.get(one.id);
        assert.equal(stored?.userId, alice.id);
        assert.equal(stored.isDeleted, false);

        // In the order given (Alice, then Bob: also the tie-break order within a millisecond).
        const reacted = await stores.messages.react(two.id, '👍', alice, true);
        await stores.messages.react(two.id, '👍', bob, true);
        const again = await stores.messages.react(two.id, '👍', bob, true);
        assert.deepEqual(again.reactions, [{ emoji: '👍', users: ['Alice', 'Bob'] }]);
        assert.deepEqual(reacted.reactions, [{ emoji: '👍', users: ['Alice'] }]);
        // A reaction that changes nothing takes no sequence number.
        assert.equal(await stores.messages.currentSeq(), start + 3);

        const changes = await stores.messages.changesSince('general', two.id, start, 10);
        assert.deepEqual(
          changes.updated.map((m) => [m.id, m.message]),
          [
            [one.id, 'one, edited'],
            [two.id, 'two'],
          ],
        );
        assert.equal(changes.truncated, false);
        const limited = await stores.messages.changesSince('general', two.id, start, 1);
        assert.equal(limited.truncated, true);
        assert.deepEqual(
          (await stores.messages.changesSince('general', one.id, start, 10)).updated.map(
            (m) => m.id,
          ),
          [one.id],
          'nothing past upToId',
        );

        const undone = await stores.messages.react(two.id, '👍', alice, false);
        assert.deepEqual(undone.reactions, [{ emoji: '👍', users: ['Bob'] }]);
        await stores.messages.remove(two.id);
        const removed = await stores.messages.get(two.id);
        assert.equal(removed?.isDeleted, true);
        assert.equal(removed.message.message, '');
        assert.deepEqual(removed.message.reactions, []);
        const afterDelete = await stores.messages.changesSince('general', two.id, start + 3, 10);
        assert.deepEqual(afterDelete.deleted, [two.id]);
        assert.deepEqual(
          (await stores.messages.latest('general', 10)).messages.map((m) => m.id),
          [one.id],
        );
        assert.equal(await stores.messages.currentSeq(), start + 5);
      }),
    );

    it(
      'searches words as prefixes, folding accents, only where the user may read',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const bob = await signIn(stores, 'Bob');
        const carol = await signIn(stores, 'Carol');
        const dm = await stores.rooms.openDm([alice, bob]);
        await stores.rooms.createChannel({
          name: 'random',
          isPrivate: false,
          topic: '',
          createdBy: bob.id,
        });
        const cafe = await stores.messages.append(draft(alice, 'general', 'Meet at the café?'));
        await stores.messages.append(draft(alice, dm.name, 'secret café plans'));
        const other = await stores.messages.append(draft(bob, 'random', 'cafeteria closed'));
        const gone = await stores.messages.append(draft(bob, 'general', 'cafe deleted'));
        await stores.messages.remove(gone.message.id);

        const forCarol = await stores.messages.search(carol.id, 'CAFE', { limit: 10 });
        assert.deepEqual(
          forCarol.results.map((r) => r.message.id),
          [other.message.id, cafe.message.id],
        );
        const hit = forCarol.results[1];
        assert.deepEqual(hit?.matches, [[12, 16]]);
        assert.equal(hit.message.message.slice(12, 16), 'café');

        const forBob = await stores.messages.search(bob.id, 'caf', { limit: 10 });
        assert.equal(forBob.results.length, 3, 'a DM member finds the DM');
        const inRoom = await stores.messages.search(bob.id, 'caf', { room: 'random', limit: 10 });
        assert.deepEqual(
          inRoom.results.map((r) => r.message.id),
          [other.message.id],
        );
        const paged = await stores.messages.search(bob.id, 'caf', { limit: 1 });
        assert.equal(paged.hasMore, true);
        const next = await stores.messages.search(bob.id, 'caf', {
          limit: 10,
          before: paged.results[0]?.message.id ?? 0,
        });
        assert.equal(next.results.length, 2);

        assert.deepEqual(
          (await stores.messages.search(bob.id, 'meet café', { limit: 10 })).results.map(
            (r) => r.message.id,
          ),
          [cafe.message.id],
          'every word must match',
        );
        for (const hostile of ['"', "'", '!', 'a | b', 'cafe OR meet', 'NEAR(', '*', ':*', '\\']) {
          const page = await stores.messages.search(bob.id, hostile, { limit: 10 });
          assert.ok(Array.isArray(page.results), `query ${hostile} is answered`);
        }
        assert.equal(
          (await stores.messages.search(bob.id, 'cafe OR meet', { limit: 10 })).results.length,
          0,
          'OR is a word, not an operator',
        );
      }),
    );

    it(
      'keeps channels unique, one DM per pair, read markers that only move forward, and topics',
      run(async (stores) => {
        const alice = await signIn(stores, 'Alice');
        const bob = await signIn(stores, 'Bob');
        const carol = await signIn(stores, 'Carol');
        const design = { name: 'design', isPrivate: false, topic: '', createdBy: alice.id };
        assert.deepEqual(await stores.rooms.createChannel(design), {
          ok: true,
          room: { name: 'design', kind: 'channel' },
        });
        assert.deepEqual(await stores.rooms.createChannel({ ...design, createdBy: bob.id }), {
          ok: false,
          reason: 'conflict',
        });
        assert.deepEqual(await stores.rooms.get('design'), {
          name: 'design',
          kind: 'channel',
          isPrivate: false,
          archived: false,
          createdBy: alice.id,
        });
        assert.equal(await stores.rooms.get('nowhere'), undefined);

        const [dm, same] = await Promise.all([
          stores.rooms.openDm([alice, bob]),
          stores.rooms.openDm([bob, alice]),
        ]);
        assert.equal(dm.name, same.name);
        assert.deepEqual(dm.members, ['Alice', 'Bob']);
        const record = await stores.rooms.get(dm.name);
        assert.deepEqual([...(record?.memberIds ?? [])].sort(), [alice.id, bob.id].sort());
        assert.equal((await stores.rooms.memberRooms(carol.id)).length, 0);
        assert.deepEqual(
          (await stores.rooms.memberRooms(alice.id)).sort(),
          ['design', dm.name].sort(),
          'a channel’s creator is its first member',
        );

        await stores.rooms.join('design', carol.id);
        await stores.rooms.join('design', carol.id);
        assert.deepEqual(await stores.rooms.memberRooms(carol.id), ['design']);

        const m1 = (await stores.messages.append(draft(alice, 'design', 'hi @Carol'))).message;
        await stores.messages.append(draft(alice, 'design', 'and @carol again, @Caroline no'));
        const m3 = (await stores.messages.append(draft(alice, 'design', 'plain'))).message;
        await stores.messages.append(draft(carol, 'design', 'mine do not count @Carol'));

        const listed = await stores.rooms.list(carol);
        assert.deepEqual(
          listed.map((room) => [room.name, room.joined]),
          [
            ['general', false],
            ['design', true],
          ],
        );
        const designed = listed[1];
        assert.equal(designed?.unread, 3);
        assert.equal(designed.mentions, 2);
        assert.equal(designed.lastReadId, 0);
        assert.ok(designed.lastId > m3.id);

        assert.equal(await stores.rooms.markRead('design', carol, m3.id), m3.id);
        assert.equal(await stores.rooms.markRead('design', carol, m1.id), m3.id, 'never back');
        const newest = designed.lastId;
        assert.equal(await stores.rooms.markRead('design', carol, newest + 1000), newest);
        const read = (await stores.rooms.list(carol))[1];
        assert.deepEqual([read?.unread, read?.mentions], [0, 0]);

        const aliceList = await stores.rooms.list(alice);
        assert.deepEqual(
          aliceList.map((room) => room.name),
          ['general', 'design', dm.name],
          'channels (general first), then DMs',
        );
        assert.deepEqual(
          aliceList.map((room) => room.topic),
          ['', '', ''],
          'no topic until one is set',
        );
        await stores.rooms.setTopic('design', 'Pixels, fonts & “quotes”');
        await stores.rooms.setTopic(dm.name, 'Lunch plans');
        const topics = (await stores.rooms.list(bob)).map((room) => [room.name, room.topic]);
        assert.deepEqual(topics, [
          ['general', ''],
          ['design', 'Pixels, fonts & “quotes”'],
          [dm.name, 'Lunch plans'],
        ]);
        await stores.rooms.setTopic('design', '');
        assert.equal((await stores.rooms.list(bob))[1]?.topic, '');
        await stores.health.ping();
      }),
    );

    it(
      'lists private channels only to members; keeps members, archive, levels and group DMs',
      run(async (stores) => {
        const { rooms } = stores;
        const alice = await signIn(stores, 'Alice');
        const bob = await signIn(stores, 'Bob');
        const carol = await signIn(stores, 'Carol');
        const made = await rooms.createChannel({
          name: 'hush',
          isPrivate: true,
          topic: 'Quiet one',
          createdBy: alice.id,
        });
        assert.deepEqual(made, {
          ok: true,
          room: { name: 'hush', kind: 'channel', private: true },
        });
        const names = async (user: UserRef) => (await rooms.list(user)).map((room) => room.name);
        assert.deepEqual(await names(alice), ['general', 'hush']);
        assert.deepEqual(await names(bob), ['general']);
        assert.equal(await rooms.isMember('hush', alice.id), true);
        assert.equal(await rooms.isMember('hush', bob.id), false);

        await rooms.join('hush', bob.id);
        assert.deepEqual(await names(bob), ['general', 'hush']);
        const members = (await rooms.members('hush')).map(({ name, role }) => [name, role]);
        assert.deepEqual(members.sort(), [
          ['Alice', 'admin'],
          ['Bob', 'member'],
        ]);
        await stores.messages.append(draft(alice, 'hush', 'a hushed kumquat'));
        const found = await stores.messages.search(bob.id, 'kumquat', { limit: 5 });
        assert.equal(found.results.length, 1);
        assert.equal(await rooms.leave('hush', bob.id), true);
        assert.equal(await rooms.leave('hush', bob.id), false);
        assert.deepEqual(await names(bob), ['general']);
        const gone = await stores.messages.search(bob.id, 'kumquat', { limit: 5 });
        assert.deepEqual(gone.results, []);
        const byCarol = await stores.messages.search(carol.id, 'kumquat', { limit: 5 });
        assert.deepEqual(byCarol.results, []);

        await rooms.setArchived('hush', true);
        assert.equal((await rooms.get('hush'))?.archived, true);
        const archived = (await rooms.list(alice)).find((room) => room.name === 'hush');
        assert.deepEqual(
          [archived?.archived, archived?.private, archived?.topic],
          [true, true, 'Quiet one'],
        );
        await rooms.setArchived('hush', false);
        assert.equal((await rooms.get('hush'))?.archived, false);

        // Levels: mentions counts only mentions, none counts nothing; a public channel's level
        // makes its chooser a member.
        await rooms.setNotify('general', carol.id, 'mentions');
        await stores.messages.append(draft(alice, 'general', 'plain'));
        await stores.messages.append(draft(alice, 'general', 'hi @Carol'));
        const general = async () => (await rooms.list(carol)).find((r) => r.name === 'general');
        const asMentions = await general();
        assert.deepEqual(
          [asMentions?.joined, asMentions?.notify, asMentions?.unread, asMentions?.mentions],
          [true, 'mentions', 1, 1],
        );
        await rooms.setNotify('general', carol.id, 'none');
        const asNone = await general();
        assert.deepEqual([asNone?.unread, asNone?.mentions], [0, 0]);
        await rooms.setNotify('general', carol.id, 'all');
        const asAll = await general();
        assert.deepEqual([asAll?.unread, asAll?.mentions], [2, 1]);

        // A group DM is keyed by its set of people, in any order.
        const [group, same] = await Promise.all([
          rooms.openDm([alice, bob, carol]),
          rooms.openDm([carol, alice, bob]),
        ]);
        assert.equal(group.name, same.name);
        assert.deepEqual(group.members, ['Alice', 'Bob', 'Carol']);
        const pair = await rooms.openDm([alice, bob]);
        assert.notEqual(pair.name, group.name);
        assert.deepEqual((await rooms.get(group.name))?.memberNames, ['Alice', 'Bob', 'Carol']);
        rooms.renamed(bob.id, 'Robert');
        assert.deepEqual((await rooms.get(group.name))?.memberNames, ['Alice', 'Carol', 'Robert']);
      }),
    );
  });
}

describe('PostgreSQL under several nodes', () => {
  it('never lets a reader catching up with `after` skip a message that commits later', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    // Three nodes' stores on one database, each with its own connections and batches.
    const nodes = await Promise.all(
      [1, 2, 3].map(() => openPostgresStores(database.url, { maxConnections: 4 })),
    );
    const reader = await openPostgresStores(database.url, { maxConnections: 2 });
    try {
      const [first] = nodes;
      assert.ok(first !== undefined);
      const writers = await Promise.all(nodes.map((stores, n) => signIn(stores, `Writer${n}`)));
      const writing = { done: false };
      const seen: number[] = [];
      const catchUp = async () => {
        const page = await reader.messages.after('general', seen.at(-1) ?? 0, 1000);
        seen.push(...page.messages.map((m) => m.id));
      };
      const reading = (async () => {
        while (!writing.done) await catchUp();
      })();
      const perNode = 150;
      await Promise.all(
        nodes.map(async (stores, n) => {
          const writer = writers[n];
          assert.ok(writer !== undefined);
          // Several sends in flight per node, so batches of different sizes interleave.
          for (let i = 0; i < perNode; i += 5) {
            await Promise.all(
              [0, 1, 2, 3, 4].map((k) =>
                stores.messages.append(draft(writer, 'general', `n${n} m${i + k}`)),
              ),
            );
          }
        }),
      );
      writing.done = true;
      await reading;
      await catchUp();
      const stored = (await reader.messages.after('general', 0, 10_000)).messages.map((m) => m.id);
      assert.equal(stored.length, perNode * nodes.length);
      assert.deepEqual(seen, stored, 'the reader saw every message, in id order, none skipped');
    } finally {
      await Promise.all([...nodes, reader].map((stores) => stores.close()));
    }
  });
});
