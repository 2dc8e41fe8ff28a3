import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Changes, Message, MessageDeleted } from '../../lib/protocol';
import { DATABASE_FILE } from '../../lib/server/store/sqlite/sqlite-database';
import {
  connectAs,
  newClientId,
  request,
  say,
  startTestServer,
  waitForEvent,
  type TestClient,
  type TestServer,
  type Ack,
  type Failure,
} from '../helpers/test-server';

type JoinAck = Ack<{ messages: Message[]; seq: number; changes?: Changes }>;

describe('message lifecycle', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
    await request(alice, 'room:join', { room: 'general' });
    await request(bob, 'room:join', { room: 'general' });
  });
  after(async () => {
    alice.close();
    bob.close();
    await t.stop({ removeData: true });
  });

  it('lets only the author edit, shows it to the room, and marks it edited', async () => {
    const original = await say(alice, 'Alice', 'teh plan');
    const seen = waitForEvent<Message>(bob, 'message:updated', (m) => m.id === original.id);
    const edited = await request<Ack<{ message: Message }>>(alice, 'message:edit', {
      id: original.id,
      message: '  the plan  ',
    });
    assert.equal(edited.message.message, 'the plan');
    assert.ok(edited.message.editedAt !== undefined);
    assert.deepEqual(await seen, edited.message);

    const byBob = await request<Failure>(bob, 'message:edit', { id: original.id, message: 'x' });
    assert.equal(byBob.error.code, 'forbidden');
    const missing = await request<Failure>(alice, 'message:edit', { id: 999_999, message: 'x' });
    assert.equal(missing.error.code, 'not_found');
    for (const payload of [
      { id: original.id },
      { id: original.id, message: '   ' },
      { id: original.id, message: 'x'.repeat(4001) },
      { id: 'one', message: 'x' },
      { id: -1, message: 'x' },
      { id: original.id, message: 'bell\u0007' },
    ]) {
      const result = await request<Failure>(alice, 'message:edit', payload);
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
    }
  });

  it('lets only the author delete, removes it from history and from storage', async () => {
    const doomed = await say(alice, 'Alice', 'a very secret sentence zebrafish');
    const byBob = await request<Failure>(bob, 'message:delete', { id: doomed.id });
    assert.equal(byBob.error.code, 'forbidden');

    const seen = waitForEvent<MessageDeleted>(bob, 'message:deleted', (d) => d.id === doomed.id);
    assert.equal((await request<Ack>(alice, 'message:delete', { id: doomed.id })).ok, true);
    assert.deepEqual(await seen, { room: 'general', id: doomed.id });

    const page = await request<JoinAck>(bob, 'room:join', { room: 'general' });
    assert.equal(
      page.messages.some((m) => m.id === doomed.id),
      false,
    );
    const again = await request<Failure>(alice, 'message:delete', { id: doomed.id });
    assert.equal(again.error.code, 'not_found');
    for (const payload of [{}, { id: '1' }, { id: 0 }, { id: 1.5 }, null, [doomed.id]]) {
      const result = await request<Failure>(alice, 'message:delete', payload);
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
    }
    const edit = await request<Failure>(alice, 'message:edit', { id: doomed.id, message: 'x' });
    assert.equal(edit.error.code, 'not_found');

    // Gone from search and from the database file (closing folds the WAL in), not only from view.
    const search = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
      query: 'zebrafish',
    });
    assert.deepEqual(search.results, []);
    await t.stop();
    const bytes = readFileSync(path.join(t.dataDir, DATABASE_FILE));
    assert.equal(bytes.includes(Buffer.from('zebrafish')), false);
    t = await startTestServer({ dataDir: t.dataDir });
    alice = await connectAs(t.url, 'Alice 2');
    bob = await connectAs(t.url, 'Bob 2');
    await request(alice, 'room:join', { room: 'general' });
    await request(bob, 'room:join', { room: 'general' });
  });

  it('toggles reactions, one per person per emoji, live, on messages the user can read', async () => {
    const target = await say(alice, 'Alice 2', 'react to me');
    const seen = waitForEvent<Message>(alice, 'message:updated', (m) => m.id === target.id);
    const on = await request<Ack<{ message: Message }>>(bob, 'message:react', {
      id: target.id,
      emoji: '👍',
      on: true,
    });
    assert.deepEqual(on.message.reactions, [{ emoji: '👍', users: ['Bob 2'] }]);
    assert.deepEqual((await seen).reactions, on.message.reactions);
    const twice = await request<Ack<{ message: Message }>>(bob, 'message:react', {
      id: target.id,
      emoji: '👍',
      on: true,
    });
    assert.deepEqual(twice.message.reactions, [{ emoji: '👍', users: ['Bob 2'] }]);
    const both = await request<Ack<{ message: Message }>>(alice, 'message:react', {
      id: target.id,
      emoji: '👍',
      on: true,
    });
    assert.deepEqual(both.message.reactions, [{ emoji: '👍', users: ['Bob 2', 'Alice 2'] }]);
    const off = await request<Ack<{ message: Message }>>(bob, 'message:react', {
      id: target.id,
      emoji: '👍',
      on: false,
    });
    assert.deepEqual(off.message.reactions, [{ emoji: '👍', users: ['Alice 2'] }]);

    for (const emoji of ['', 'a', 'ab', '1', '<b>', '👍👍'.repeat(20), 42]) {
      const result = await request<Failure>(bob, 'message:react', {
        id: target.id,
        emoji,
        on: true,
      });
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(emoji));
    }
    for (const emoji of ['🇫🇷', '👍🏽', '❤️', '👨‍👩‍👧']) {
      const result = await request<Ack>(bob, 'message:react', { id: target.id, emoji, on: true });
      assert.equal(result.ok, true, emoji);
    }
  });

  it('quotes the parent of a reply, fresh, and refuses a parent from elsewhere', async () => {
    const parent = await say(alice, 'Alice 2', 'the question');
    const reply = await say(bob, 'Bob 2', 'the answer', { replyTo: parent.id });
    assert.deepEqual(reply.replyTo, {
      id: parent.id,
      user: 'Alice 2',
      message: 'the question',
      deleted: false,
    });
    await request(alice, 'message:delete', { id: parent.id });
    const page = await request<JoinAck>(bob, 'room:join', { room: 'general' });
    const quoted = page.messages.find((m) => m.id === reply.id);
    assert.deepEqual(quoted?.replyTo, {
      id: parent.id,
      user: 'Alice 2',
      message: '',
      deleted: true,
    });

    const gone = await request<Failure>(bob, 'message:send', {
      room: 'general',
      user: 'Bob 2',
      message: 'to nothing',
      clientId: newClientId(),
      replyTo: parent.id,
    });
    assert.equal(gone.error.code, 'not_found');
    await request(alice, 'room:create', { room: 'elsewhere' });
    const other = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: 'elsewhere',
      user: 'Alice 2',
      message: 'over here',
      clientId: newClientId(),
    });
    const crossRoom = await request<Failure>(bob, 'message:send', {
      room: 'general',
      user: 'Bob 2',
      message: 'cross',
      clientId: newClientId(),
      replyTo: other.message.id,
    });
    assert.equal(crossRoom.error.code, 'not_found');
  });

  it('catches a returning client up on edits, deletes and reactions it missed', async () => {
    const kept = await say(alice, 'Alice 2', 'will be edited');
    const doomed = await say(alice, 'Alice 2', 'will be deleted');
    const liked = await say(alice, 'Alice 2', 'will be liked');
    const position = await request<JoinAck>(bob, 'room:join', { room: 'general' });
    const lastId = position.messages.at(-1)?.id ?? 0;
    bob.close();

    await request(alice, 'message:edit', { id: kept.id, message: 'was edited' });
    await request(alice, 'message:delete', { id: doomed.id });
    const carol = await connectAs(t.url, 'Carol');
    await request(carol, 'message:react', { id: liked.id, emoji: '🎉', on: true });
    const fresh = await say(alice, 'Alice 2', 'brand new');

    bob = await connectAs(t.url, 'Bob 3');
    const caughtUp = await request<JoinAck>(bob, 'room:join', {
      room: 'general',
      after: lastId,
      since: position.seq,
    });
    assert.deepEqual(
      caughtUp.messages.map((m) => m.id),
      [fresh.id],
    );
    assert.ok(caughtUp.changes !== undefined);
    assert.deepEqual(caughtUp.changes.deleted, [doomed.id]);
    assert.deepEqual(
      caughtUp.changes.updated.map((m) => [m.id, m.message, m.reactions.length]),
      [
        [kept.id, 'was edited', 0],
        [liked.id, 'will be liked', 1],
      ],
    );
    assert.equal(caughtUp.changes.truncated, false);
    assert.ok(caughtUp.seq > position.seq);
    const nothingNew = await request<JoinAck>(bob, 'room:join', {
      room: 'general',
      after: fresh.id,
      since: caughtUp.seq,
    });
    assert.deepEqual(nothingNew.changes, { updated: [], deleted: [], truncated: false });
    carol.close();
  });

  it('keeps edits and reactions across a restart', async () => {
    const message = await say(alice, 'Alice 2', 'durable');
    await request(alice, 'message:edit', { id: message.id, message: 'durable, edited' });
    await request(bob, 'message:react', { id: message.id, emoji: '👍', on: true });
    alice.close();
    bob.close();
    await t.stop();
    t = await startTestServer({ dataDir: t.dataDir });
    alice = await connectAs(t.url, 'Alice 4');
    const page = await request<JoinAck>(alice, 'room:join', { room: 'general' });
    const stored = page.messages.find((m) => m.id === message.id);
    assert.equal(stored?.message, 'durable, edited');
    assert.ok(stored.editedAt !== undefined);
    assert.deepEqual(stored.reactions, [{ emoji: '👍', users: ['Bob 3'] }]);
    bob = await connectAs(t.url, 'Bob 4');
  });
});
