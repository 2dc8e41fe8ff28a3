import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatClient, type ChatSnapshot } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import type { Timers } from '../../lib/client/typing-tracker';
import { until } from '../helpers/client-snapshots';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';
import { authorKey } from '../../lib/server/store/account-rows';
import {
  accountOf,
  connectAs,
  createClient,
  emitRaw,
  newClientId,
  request,
  signIn,
  startTestServer,
  tempDataDir,
  type TestServer,
} from '../helpers/test-server';

const hasFailure = (snapshot: ChatSnapshot) =>
  snapshot.pending.some((e) => e.failure !== undefined);

describe('ChatClient against the real server', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  async function startClient(cookieName: string, userName = cookieName, timers?: Timers) {
    const cookie = await signIn(t.url, cookieName);
    const socket = createClient(t.url, { cookie });
    const client = new ChatClient({
      socket,
      outbox: createOutbox(memoryStorage(), userName.toLowerCase(), noKeptFiles),
      user: { id: (await accountOf(t.url, cookie)).id, name: userName },
      room: 'general',
      timers,
    });
    client.start();
    await until(client, (s) => s.connection === 'connected');
    return { client, socket };
  }

  it('delivers a burst past the rate limit in order, retrying what is refused until it is stored', async () => {
    const { client, socket } = await startClient('Alice');
    const texts = Array.from({ length: 25 }, (_, i) => `burst ${i}`);
    for (const text of texts) assert.equal(client.sending.send(text), undefined);

    // 20 fit the burst; the other 5 are refused with rate_limited and must be retried, not failed.
    const done = await until(
      client,
      (s) => s.pending.length === 0 && s.messages.length === texts.length,
      hasFailure,
    );
    assert.deepEqual(
      done.messages.map((m) => m.message),
      texts,
    );
    const stored = await t.server.stores.messages.after('general', 0, 500);
    assert.deepEqual(
      stored.messages.filter((m) => m.user === 'Alice').map((m) => m.message),
      texts,
    );
    client.stop();
    socket.close();
  });

  it('keeps a refused message as failed, retries it with the same clientId, and discards it', async () => {
    // A client that claims a name other than its session's: the server answers forbidden.
    const { client, socket } = await startClient('Bob', 'Mallory');
    client.sending.send('not really Mallory');
    const failed = await until(client, hasFailure);
    const entry = failed.pending[0];
    assert.equal(entry?.failure?.code, 'forbidden');

    client.sending.retry(entry.clientId);
    const again = await until(client, hasFailure);
    assert.equal(again.pending[0]?.clientId, entry.clientId);

    client.sending.discard(entry.clientId);
    assert.deepEqual(client.getSnapshot().pending, []);
    client.stop();
    socket.close();
  });

  it('catches up on what was sent while it was disconnected', async () => {
    const { client, socket } = await startClient('Carol');
    socket.disconnect();
    await until(client, (s) => s.connection !== 'connected');

    const dave = await connectAs(t.url, 'Dave');
    const missed = ['while you were out 1', 'while you were out 2'];
    for (const message of missed) {
      await emitRaw(dave, 'message:send', {
        room: 'general',
        user: 'Dave',
        message,
        clientId: newClientId(),
      });
    }
    socket.connect();
    const caughtUp = await until(client, (s) =>
      missed.every((text) => s.messages.some((m) => m.message === text)),
    );
    const ids = caughtUp.messages.map((m) => m.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'ordered by id',
    );
    assert.equal(new Set(ids).size, ids.length, 'each id once');
    dave.close();
    client.stop();
    socket.close();
  });

  it('shows typing only in its room, and clears it on send and after the expiry', async () => {
    // Typing expiry timers that fire when the test says so, not when the clock does.
    const expiries = new Set<() => void>();
    const timers: Timers = {
      setTimeout: (callback) => {
        expiries.add(callback);
        return callback;
      },
      clearTimeout: (handle) => expiries.delete(handle as () => void),
    };
    const { client, socket } = await startClient('Typer Bob', 'Typer Bob', timers);
    await until(client, (s) => s.rooms.some((room) => room.name === 'general'));
    const alice = await connectAs(t.url, 'Typer Alice');
    await request(alice, 'room:join', { room: 'general' });
    await request(alice, 'room:create', { room: 'typing-elsewhere' });
    // Bob joins the other room too, then looks at #general again.
    client.open('typing-elsewhere');
    await until(client, (s) => s.rooms.find((r) => r.name === 'typing-elsewhere')?.joined === true);
    client.open('general');

    await request(alice, 'typing', { room: 'typing-elsewhere', typing: true });
    await request(alice, 'typing', { room: 'general', typing: true });
    await until(client, (s) => s.typing.includes('Typer Alice'));
    client.open('typing-elsewhere');
    assert.deepEqual(client.getSnapshot().typing, ['Typer Alice']);
    client.open('general');

    // A message from the typist ends their typing in that room only.
    await request(alice, 'message:send', {
      room: 'general',
      user: 'Typer Alice',
      message: 'done typing',
      clientId: newClientId(),
    });
    await until(client, (s) => s.messages.some((m) => m.message === 'done typing'));
    assert.deepEqual(client.getSnapshot().typing, []);

    // A lost "typing: false" (volatile) ends after the expiry all the same.
    client.open('typing-elsewhere');
    assert.deepEqual(client.getSnapshot().typing, ['Typer Alice']);
    for (const expire of [...expiries]) expire();
    assert.deepEqual(client.getSnapshot().typing, []);
    alice.close();
    client.stop();
    socket.close();
  });

  it('keeps the messages of a room the user is not looking at', async () => {
    const { client, socket } = await startClient('Switcher');
    await until(client, (s) => s.rooms.some((room) => room.name === 'general'));
    const alice = await connectAs(t.url, 'Switch Alice');
    await request(alice, 'room:create', { room: 'elsewhere' });
    client.open('elsewhere');
    await until(
      client,
      (s) => s.room === 'elsewhere' && s.rooms.some((r) => r.name === 'elsewhere' && r.joined),
    );
    const sent = await request<{ message: { id: number } }>(alice, 'message:send', {
      room: 'general',
      user: 'Switch Alice',
      message: 'while you were away',
      clientId: newClientId(),
    });
    await until(
      client,
      (s) => s.rooms.find((r) => r.name === 'general')?.lastId === sent.message.id,
    );
    assert.equal(client.getSnapshot().rooms.find((r) => r.name === 'general')?.unread, 1);
    client.open('general');
    assert.ok(client.getSnapshot().messages.some((m) => m.id === sent.message.id));
    assert.equal(client.getSnapshot().dividerAfterId, 0);
    alice.close();
    client.stop();
    socket.close();
  });

  it('applies edits, deletions and reactions it missed while disconnected', async () => {
    const { client, socket } = await startClient('Returner');
    const alice = await connectAs(t.url, 'Lifecycle Alice');
    const said = async (text: string) =>
      (
        await request<{ message: { id: number } }>(alice, 'message:send', {
          room: 'general',
          user: 'Lifecycle Alice',
          message: text,
          clientId: newClientId(),
        })
      ).message.id;
    const edited = await said('to be edited');
    const deleted = await said('to be deleted');
    const liked = await said('to be liked');
    await until(client, (s) => s.messages.some((m) => m.id === liked));

    socket.disconnect();
    await until(client, (s) => s.connection !== 'connected');
    await request(alice, 'message:edit', { id: edited, message: 'edited while you were away' });
    await request(alice, 'message:delete', { id: deleted });
    await request(alice, 'message:react', { id: liked, emoji: '🎉', on: true });
    socket.connect();

    // One catch-up answer carries all three changes; wait for it, then read the result.
    await until(client, (s) => s.messages.some((m) => m.id === liked && m.reactions.length === 1));
    const byId = new Map(client.getSnapshot().messages.map((m) => [m.id, m]));
    assert.equal(byId.get(edited)?.message, 'edited while you were away');
    assert.ok(byId.get(edited)?.editedAt !== undefined);
    assert.equal(byId.has(deleted), false);
    assert.deepEqual(byId.get(liked)?.reactions, [{ emoji: '🎉', users: ['Lifecycle Alice'] }]);
    alice.close();
    client.stop();
    socket.close();
  });
});

/** Alice's ChatClient in #general, started (not yet connected). */
async function aliceInGeneral(url: string): Promise<ChatClient> {
  const cookie = await signIn(url, 'Alice');
  const client = new ChatClient({
    socket: createClient(url, { cookie }),
    outbox: createOutbox(memoryStorage(), 'alice', noKeptFiles),
    user: await accountOf(url, cookie),
    room: 'general',
  });
  client.start();
  return client;
}

describe('ChatClient joining a room while messages arrive', () => {
  it('keeps a live message that overtakes the first page it was stored too late for', async () => {
    // Several nodes: a message stored just after the join read its page can reach the client
    // (through Redis) before the page does. Here the store sends Bob's message between the
    // page's read and its answer, so its broadcast arrives first, and the page lacks it.
    const stores = createSqliteStores(openDatabase(tempDataDir()));
    const readLatest = stores.messages.latest.bind(stores.messages);
    let betweenReadAndAnswer: (() => Promise<unknown>) | undefined;
    stores.messages.latest = async (room, limit) => {
      const page = await readLatest(room, limit);
      const hook = betweenReadAndAnswer;
      betweenReadAndAnswer = undefined;
      await hook?.();
      return page;
    };
    const t = await startTestServer({ stores });
    try {
      const bob = await connectAs(t.url, 'Bob');
      await emitRaw(bob, 'room:join', { room: 'general' });
      await request(bob, 'message:send', {
        room: 'general',
        user: 'Bob',
        message: 'before',
        clientId: newClientId(),
      });
      betweenReadAndAnswer = () =>
        request(bob, 'message:send', {
          room: 'general',
          user: 'Bob',
          message: 'during',
          clientId: newClientId(),
        });

      const client = await aliceInGeneral(t.url);
      const loaded = await until(client, (s) => s.messages.some((m) => m.message === 'before'));
      assert.equal(betweenReadAndAnswer, undefined, 'the message was sent mid-join');
      assert.deepEqual(
        loaded.messages.map((m) => m.message),
        ['before', 'during'],
      );
      client.stop();
      bob.close();
    } finally {
      await t.stop({ removeData: true });
    }
  });
});

describe('ChatClient told to catch up', () => {
  it('fetches what it missed when the server sends sync:required', async () => {
    const t = await startTestServer();
    try {
      const { client, bob, bobSays } = await aliceWatchingBob(t);
      await bobSays('seen live');
      await until(client, (s) => s.messages.length === 1);
      // Stored but never broadcast, as when Redis lost a broadcast between nodes.
      await storeUnannounced(t, 'missed');
      t.server.io.emit('sync:required');
      const healed = await until(client, (s) => s.messages.length === 2);
      assert.deepEqual(
        healed.messages.map((m) => m.message),
        ['seen live', 'missed'],
      );
      client.stop();
      bob.close();
    } finally {
      await t.stop({ removeData: true });
    }
  });

  it('after sync:required, also finds a message stored below the newest id it holds', async () => {
    // With several nodes: a node stores a message and dies before broadcasting it, while a later
    // message from another node reaches the client. A catch-up after the newest id skips it.
    const t = await startTestServer();
    try {
      const { client, bob, bobSays } = await aliceWatchingBob(t);
      await storeUnannounced(t, 'stored, never broadcast');
      await bobSays('seen live, a higher id');
      await until(client, (s) => s.messages.some((m) => m.message === 'seen live, a higher id'));
      t.server.io.emit('sync:required');
      const healed = await until(client, (s) => s.messages.length === 2);
      assert.deepEqual(
        healed.messages.map((m) => m.message),
        ['stored, never broadcast', 'seen live, a higher id'],
      );
      client.stop();
      bob.close();
    } finally {
      await t.stop({ removeData: true });
    }
  });
});

/** Alice's ChatClient connected in #general, and Bob there on a raw socket, able to speak. */
async function aliceWatchingBob(t: TestServer) {
  const client = await aliceInGeneral(t.url);
  await until(client, (s) => s.connection === 'connected');
  const bob = await connectAs(t.url, 'Bob');
  await emitRaw(bob, 'room:join', { room: 'general' });
  const bobSays = (message: string) =>
    request(bob, 'message:send', {
      room: 'general',
      user: 'Bob',
      message,
      clientId: newClientId(),
    });
  return { client, bob, bobSays };
}

/** Stores a message of Bob's in #general without telling anyone, as a node that dies would. */
async function storeUnannounced(t: TestServer, message: string): Promise<void> {
  const account = await t.server.stores.accounts.findByKey('bob');
  assert.ok(account !== undefined);
  await t.server.stores.messages.append({
    room: 'general',
    user: 'Bob',
    userKey: authorKey(account.id),
    userId: account.id,
    clientId: newClientId(),
    message,
  });
}
