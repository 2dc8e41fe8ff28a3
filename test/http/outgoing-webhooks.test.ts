import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { Message, Room } from '../../lib/protocol';
import { DATABASE_FILE } from '../../lib/server/store/sqlite/sqlite-database';
import {
  connectAs,
  newClientId,
  postJson,
  request,
  signIn,
  startTestServer,
  tempDataDir,
  type Ack,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';
import { STORAGES } from '../helpers/postgres';
import {
  signatureVerifies,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../helpers/webhook-receiver';

interface MadeBot {
  bot: { id: number; name: string };
  token: string;
  signingSecret: string;
}

// Short waits, so retries come within the test; the product's are 15 s and up.
const FAST = { allowPrivate: true, retryDelaysMs: [20, 20, 20, 20, 20], timeoutMs: 2_000 };

/** Each test's server, receiver and sockets, stopped when it ends, pass or fail. */
const running: { stop: () => Promise<void> | void }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.stop();
});

async function serverWithAdmin(options: Parameters<typeof startTestServer>[0] = {}) {
  const t = await startTestServer({ webhooks: FAST, ...options });
  running.push({ stop: () => t.stop() });
  const admin = await signIn(t.url, 'Root');
  return { t, admin };
}

async function receiver(): Promise<WebhookReceiver> {
  const made = await startWebhookReceiver();
  running.push(made);
  return made;
}

async function makeBot(t: TestServer, admin: string, name: string, webhookUrl: string) {
  const response = await postJson(t.url, '/api/admin/bots', { name, webhookUrl }, admin);
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as MadeBot;
}

async function person(t: TestServer, name: string): Promise<TestClient> {
  const socket = await connectAs(t.url, name);
  running.push({ stop: () => void socket.close() });
  await request(socket, 'room:join', { room: 'general' });
  return socket;
}

/** Alice says `message` in `room` (every test's person is Alice). */
const say = (socket: TestClient, room: string, message: string, clientId = newClientId()) =>
  request<Ack<{ message: Message }>>(socket, 'message:send', {
    room,
    user: 'Alice',
    message,
    clientId,
  });

async function openDm(socket: TestClient, user: string): Promise<string> {
  const opened = await request<Ack<{ room: Room }>>(socket, 'dm:open', { user });
  assert.ok(opened.ok);
  return opened.room.name;
}

/** The next message `socket` hears from `userId`. */
const nextFrom = (socket: TestClient, userId: number) =>
  new Promise<Message>((resolve) => {
    const listener = (message: Message) => {
      if (message.userId !== userId) return;
      socket.off('message:new', listener);
      resolve(message);
    };
    socket.on('message:new', listener);
  });

describe('outgoing webhooks', () => {
  after(async () => {
    for (const item of running.splice(0)) await item.stop();
  });

  for (const storage of STORAGES) {
    it(`posts a signed DM event, and posts the bot’s {message} reply in the DM as the bot (${storage.name})`, async () => {
      const { t, admin } = await serverWithAdmin({ databaseUrl: await storage.databaseUrl() });
      const hook = await receiver();
      const helper = await makeBot(t, admin, 'Helper', hook.url);
      const alice = await person(t, 'Alice');
      const dm = await openDm(alice, 'Helper');

      hook.answer({ status: 200, body: { message: 'Hi Alice, build 42 is green' } });
      const reply = nextFrom(alice, helper.bot.id);
      const sent = await say(alice, dm, 'how is the build?');
      assert.ok(sent.ok);

      const delivery = await hook.next();
      assert.ok(signatureVerifies(helper.signingSecret, delivery), 'the signature verifies');
      assert.equal(signatureVerifies('another secret', delivery), false);
      assert.equal(delivery.event.event, 'dm');
      assert.deepEqual(delivery.event.room, { name: dm, kind: 'dm' });
      assert.equal(delivery.event.message.id, sent.message.id);
      assert.equal(delivery.event.message.message, 'how is the build?');
      assert.equal(delivery.headers['x-parley-delivery'], delivery.event.deliveryId);
      const t0 = Number(/^t=(\d+),/.exec(String(delivery.headers['x-parley-signature']))?.[1]);
      assert.ok(Math.abs(t0 - Date.now() / 1000) < 300, 'the signed time is now');

      const posted = await reply;
      assert.equal(posted.room, dm);
      assert.equal(posted.user, 'Helper');
      assert.equal(posted.message, 'Hi Alice, build 42 is green');
      assert.equal(posted.clientId, `reply-${delivery.event.deliveryId}`);
      assert.equal(posted.bot, true);
    });
  }

  it('hears mentions in rooms the bot is in, once per message, and nothing else', async () => {
    const { t, admin } = await serverWithAdmin();
    const hook = await receiver();
    const deploy = await makeBot(t, admin, 'Deploy', hook.url);
    const alice = await person(t, 'Alice');
    const created = await request<Ack>(alice, 'room:create', { room: 'random' });
    assert.ok(created.ok);

    // Neither a plain message nor a mention in a room the bot is not in makes a delivery;
    // the mention after them is the first the bot hears.
    assert.ok((await say(alice, 'general', 'no bots here')).ok);
    assert.ok((await say(alice, 'random', '@Deploy are you here?')).ok);
    const clientId = newClientId();
    const mention = await say(alice, 'general', '@Deploy ship it', clientId);
    assert.ok(mention.ok);
    // Sent again (a lost ack): the same message, and no second delivery.
    const again = await say(alice, 'general', '@Deploy ship it', clientId);
    assert.ok(again.ok);
    assert.equal(again.message.id, mention.message.id);
    assert.ok((await say(alice, 'general', '@deploy and roll back')).ok);

    const first = await hook.next();
    assert.equal(first.event.event, 'mention');
    assert.deepEqual(first.event.room, { name: 'general', kind: 'channel' });
    assert.equal(first.event.message.id, mention.message.id);
    assert.equal((await hook.next()).event.message.message, '@deploy and roll back');

    // Posting in #random over HTTP joins it: a mention there now reaches the bot.
    const joined = await fetch(`${t.url}/api/rooms/random/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${deploy.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'hello, random', clientId: newClientId() }),
    });
    assert.equal(joined.status, 201);
    assert.ok((await say(alice, 'random', '@Deploy now you hear me')).ok);
    const heard = await hook.next();
    assert.deepEqual(
      [heard.event.room.name, heard.event.message.message],
      ['random', '@Deploy now you hear me'],
    );
  });

  it('retries a 500 and a timeout with the same deliveryId and the same bytes', async () => {
    const { t, admin } = await serverWithAdmin({ webhooks: { ...FAST, timeoutMs: 300 } });
    const hook = await receiver();
    const ci = await makeBot(t, admin, 'CI', hook.url);
    const alice = await person(t, 'Alice');
    const dm = await openDm(alice, 'CI');

    hook.answer({ status: 500 }, 'hang', { status: 200, body: { message: 'third time lucky' } });
    const reply = nextFrom(alice, ci.bot.id);
    assert.ok((await say(alice, dm, 'deploy?')).ok);
    const tries = [await hook.next(), await hook.next(), await hook.next()];
    const ids = tries.map((received) => received.event.deliveryId);
    assert.equal(new Set(ids).size, 1, 'one delivery, tried three times');
    assert.deepEqual(
      tries.map((received) => received.raw),
      [tries[0]?.raw, tries[0]?.raw, tries[0]?.raw],
      'the same bytes each time',
    );
    assert.equal((await reply).message, 'third time lucky');
  });

  it('gives up after five retries', async () => {
    const { t, admin } = await serverWithAdmin();
    const hook = await receiver();
    await makeBot(t, admin, 'Flaky', hook.url);
    const alice = await person(t, 'Alice');
    const dm = await openDm(alice, 'Flaky');
    hook.answer(...Array.from({ length: 6 }, () => ({ status: 503 })));
    assert.ok((await say(alice, dm, 'one')).ok);
    const tries = [];
    for (let i = 0; i < 6; i++) tries.push(await hook.next());
    assert.equal(new Set(tries.map((r) => r.event.deliveryId)).size, 1);
    // The next delivery is the next message's: the first is not tried a seventh time.
    assert.ok((await say(alice, dm, 'two')).ok);
    assert.equal((await hook.next()).event.message.message, 'two');
  });

  it('makes a delivery left pending by a stopped server once the next one starts', async () => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir, webhooks: FAST });
    const admin = await signIn(first.url, 'Root');
    const hook = await receiver();
    await makeBot(first, admin, 'Nightly', hook.url);
    const alice = await connectAs(first.url, 'Alice');
    const dm = await openDm(alice, 'Nightly');
    hook.answer('hang');
    assert.ok((await say(alice, dm, 'run the nightly')).ok);
    const before = await hook.next();
    alice.close();
    await first.stop(); // Mid-try: the answer never came.

    const second = await startTestServer({ dataDir, webhooks: FAST });
    running.push({ stop: () => second.stop({ removeData: true }) });
    const after = await hook.next();
    assert.equal(after.event.deliveryId, before.event.deliveryId);
    assert.equal(after.raw, before.raw);
  });

  it('without PARLEY_WEBHOOK_ALLOW_PRIVATE, refuses a webhook that resolves to loopback at delivery', async () => {
    const dataDir = tempDataDir();
    const hook = await receiver();
    // Made while private addresses were allowed; delivered by a server that refuses them.
    const lenient = await startTestServer({ dataDir, webhooks: FAST });
    const admin = await signIn(lenient.url, 'Root');
    await makeBot(lenient, admin, 'Inside', `http://localhost:${hook.port}/hook`);
    await lenient.stop();
    const strict = await startTestServer({ dataDir, webhooks: { ...FAST, allowPrivate: false } });
    running.push({ stop: () => strict.stop({ removeData: true }) });
    const alice = await person(strict, 'Alice');
    const dm = await openDm(alice, 'Inside');
    assert.ok((await say(alice, dm, 'read the metadata service')).ok);

    const db = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      const state = db.prepare<[], { state: string; attempts: number }>(
        'SELECT state, attempts FROM webhook_deliveries',
      );
      for (;;) {
        const row = state.get();
        if (row !== undefined && row.state !== 'pending') {
          assert.deepEqual(row, { state: 'failed', attempts: 0 }, 'given up at once');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      db.close();
    }
    assert.equal(hook.received.length, 0, 'nothing reached the loopback address');
  });
});
