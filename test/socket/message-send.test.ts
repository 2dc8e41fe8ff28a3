import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '../../lib/protocol';
import {
  aliceAndBobInGeneral,
  connectAs,
  connectClient,
  signIn,
  waitForEvent,
  emitRaw,
  newClientId,
  createInbox,
  type Inbox,
  nextEvent,
  startTestServer,
  TEST_LIMITS,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

interface SendAck {
  ok: boolean;
  message?: Message;
  error?: { code: string; message: string; retryAfterMs?: number };
}

const send = (socket: TestClient, payload: unknown) =>
  emitRaw(socket, 'message:send', payload) as Promise<SendAck>;

const valid = (user: string, message = 'hello') => ({
  room: 'general',
  user,
  message,
  clientId: newClientId(),
});

describe('message:send', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let bobInbox: Inbox;
  let bobSees: Message[];

  before(async () => {
    t = await startTestServer();
    ({ alice, bob, bobInbox } = await aliceAndBobInGeneral(t.url));
    bobSees = bobInbox.messages;
  });
  after(async () => {
    alice.close();
    bob.close();
    await t.stop({ removeData: true });
  });

  /** Resolves once Bob has received a fresh message from Alice: everything sent before it has arrived too. */
  async function barrier(): Promise<void> {
    const ack = await send(alice, valid('Alice', 'barrier'));
    assert.equal(ack.ok, true);
    await bobInbox.waitFor(ack.message?.id ?? -1);
  }

  it('acks the stored message and broadcasts it to the room, not back to the sender', async () => {
    const aliceSees = createInbox(alice).messages;
    const arrived = nextEvent<Message>(bob, 'message:new');
    const payload = valid('Alice', '  Hello, Bob!\n  ');
    const ack = await send(alice, payload);
    assert.equal(ack.ok, true);
    const message = ack.message;
    assert.ok(message);
    assert.equal(message.message, 'Hello, Bob!');
    assert.equal(message.user, 'Alice');
    assert.equal(message.room, 'general');
    assert.equal(message.clientId, payload.clientId);
    assert.ok(Number.isInteger(message.id) && message.id > 0);
    assert.ok(!Number.isNaN(Date.parse(message.createdAt)));
    assert.deepEqual(await arrived, message);

    // The ack promised a commit: the message is readable from storage.
    const page = await t.server.stores.messages.after('general', message.id - 1, 1);
    assert.deepEqual(page.messages[0], message);
    assert.deepEqual(aliceSees, []);
  });

  it('returns the stored message for a repeated clientId, without storing or broadcasting it again', async () => {
    const payload = valid('Alice', 'only once');
    const first = await send(alice, payload);
    await barrier();
    const countBefore = bobSees.length;
    const again = await send(alice, { ...payload, message: 'edited on retry?' });
    assert.deepEqual(again, first);
    await barrier();
    assert.equal(bobSees.length, countBefore + 1, 'only the barrier arrived');
    const page = await t.server.stores.messages.after('general', 0, 500);
    assert.equal(page.messages.filter((m) => m.clientId === payload.clientId).length, 1);
  });

  it('gives the original message back when the ack was lost to a dropped connection', async () => {
    const cookie = await signIn(t.url, 'Dana');
    const dana = await connectClient(t.url, { cookie });
    const payload = valid('Dana', 'sent as the line dropped');
    const heard = waitForEvent<Message>(bob, 'message:new', (m) => m.clientId === payload.clientId);
    // The packet leaves before the close, so the server stores it, but the ack has no way back.
    const lostAck = emitRaw(dana, 'message:send', payload);
    dana.io.engine.close();
    await assert.rejects(lostAck);
    // Stored and broadcast, though Dana never heard so.
    const original = await heard;

    const again = await connectClient(t.url, { cookie });
    const retry = await send(again, payload);
    assert.equal(retry.ok, true);
    assert.deepEqual(retry.message, original);
    await barrier();
    assert.equal(bobSees.filter((m) => m.clientId === payload.clientId).length, 1);
    const page = await t.server.stores.messages.after('general', 0, 500);
    assert.equal(page.messages.filter((m) => m.clientId === payload.clientId).length, 1);
    again.close();
  });

  it('refuses to send as someone else with forbidden, storing nothing', async () => {
    for (const user of ['Bob', 'alice', 'Mallory']) {
      const ack = await send(alice, valid(user, 'impersonation'));
      assert.equal(ack.ok, false);
      assert.equal(ack.error?.code, 'forbidden');
    }
    await barrier();
    assert.equal(
      bobSees.some((m) => m.message === 'impersonation'),
      false,
    );
  });

  it('answers forbidden for an unknown room, as for a private room of others', async () => {
    const ack = await send(alice, { ...valid('Alice'), room: 'nowhere' });
    assert.equal(ack.error?.code, 'forbidden');
  });

  it('answers invalid_payload for every class of bad input and stores none of it', async () => {
    const base = valid('Alice');
    const cases: unknown[] = [
      undefined,
      null,
      42,
      'hello',
      [],
      {},
      { ...base, room: undefined },
      { ...base, room: 5 },
      { ...base, room: 'Not A Room' },
      { ...base, user: undefined },
      { ...base, user: ['Alice'] },
      { ...base, message: undefined },
      { ...base, message: 42 },
      { ...base, message: { text: 'hi' } },
      { ...base, message: '' },
      { ...base, message: '   \n\t  ' },
      { ...base, message: 'x'.repeat(4001) },
      { ...base, message: 'bell \u0007' },
      { ...base, message: 'null \u0000 byte' },
      { ...base, message: 'escape \u001b[2J' },
      { ...base, clientId: undefined },
      { ...base, clientId: 'short' },
      { ...base, clientId: 'x'.repeat(65) },
      { ...base, clientId: 'has spaces in it' },
      { ...base, clientId: 12345678 },
    ];
    for (const payload of cases) {
      const ack = await send(alice, payload);
      assert.equal(ack.ok, false, JSON.stringify(payload));
      assert.equal(ack.error?.code, 'invalid_payload', JSON.stringify(payload));
      assert.ok(ack.error.message.length > 0);
    }
    await barrier();
    const stored = await t.server.stores.messages.after('general', 0, 500);
    assert.equal(
      stored.messages.some((m) => m.clientId === base.clientId),
      false,
    );
  });

  it('accepts exactly 4000 code points, emoji counted once', async () => {
    const ack = await send(alice, valid('Alice', '🙂'.repeat(4000)));
    assert.equal(ack.ok, true);
  });

  it('survives calls without a function ack, unknown events and stray arguments', async () => {
    const untyped = alice as unknown as { emit: (event: string, ...args: unknown[]) => void };
    untyped.emit('message:send', valid('Alice', 'no ack'));
    untyped.emit('message:send', valid('Alice', 'ack is a string'), 'not a function');
    untyped.emit('message:send');
    untyped.emit('room:join', { room: 'general' }, 17);
    untyped.emit('no:such:event', { anything: true });
    untyped.emit('typing', { room: 'general', typing: 'yes' });
    untyped.emit('typing', null);
    const unknownWithAck = await Promise.race([
      emitRaw(alice, 'no:such:event', {}).then(
        () => 'acked',
        () => 'timed out',
      ),
      barrier().then(() => 'alive'),
    ]);
    assert.equal(unknownWithAck, 'alive');
    assert.equal(alice.connected, true);
    assert.equal(bob.connected, true);
    assert.equal(
      bobSees.some((m) => m.message === 'no ack' || m.message === 'ack is a string'),
      false,
    );
  });
});

describe('message:send rate limit', () => {
  it('allows a burst of 20, then answers rate_limited with retryAfterMs and stores nothing', async (test) => {
    const t = await startTestServer();
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    // All 21 at once: the limiter decides each in packet order as it arrives, before any commit,
    // so the outcome does not depend on how long the sends take.
    const acks = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        send(alice, valid('Alice', i === 20 ? 'one too many' : `burst ${i}`)),
      ),
    );
    assert.deepEqual(
      acks.slice(0, 20).map((ack) => ack.ok),
      Array(20).fill(true),
    );
    const refused = acks[20];
    assert.ok(refused);
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.code, 'rate_limited');
    assert.ok((refused.error.retryAfterMs ?? 0) > 0 && (refused.error.retryAfterMs ?? 0) <= 200);
    const stored = await t.server.stores.messages.after('general', 0, 500);
    assert.equal(stored.messages.length, 20);
    assert.equal(
      stored.messages.some((m) => m.message === 'one too many'),
      false,
    );

    // The budget is per user: Bob still has his own while Alice's is spent.
    const bob = await connectAs(t.url, 'Bob');
    assert.equal((await send(bob, valid('Bob', 'bob has his own'))).ok, true);
    alice.close();
    bob.close();
  });

  it('answers a retry of a stored message without spending budget, even when limited', async (test) => {
    // Three sends and no refill while the test runs.
    const t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 3, perSecond: 0.001 } },
    });
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => valid('Alice', text));
    assert.ok(a && b && c && d);
    const first = await send(alice, a);
    assert.equal((await send(alice, b)).ok, true);
    assert.deepEqual(await send(alice, a), first, 'a retry returns the stored message');
    assert.equal((await send(alice, c)).ok, true, 'and did not cost the third send');
    assert.equal((await send(alice, d)).error?.code, 'rate_limited');
    assert.deepEqual(await send(alice, a), first, 'a retry is answered while limited');
    const stored = await t.server.stores.messages.after('general', 0, 10);
    assert.deepEqual(
      stored.messages.map((m) => m.message),
      ['a', 'b', 'c'],
    );
    alice.close();
  });

  it('reads nothing more from a limited connection until its budget has room again', async (test) => {
    // One send at once, then one every 100 ms.
    const t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 1, perSecond: 10 } },
    });
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    const bob = await connectAs(t.url, 'Bob');
    assert.equal((await send(alice, valid('Alice', 'first'))).ok, true);
    const refused = await send(alice, valid('Alice', 'too soon'));
    assert.equal(refused.error?.code, 'rate_limited');
    // Bob is not held: his connection is read as before.
    assert.equal((await send(bob, valid('Bob', 'bob is read at once'))).ok, true);
    // Alice ignores retryAfterMs and sends at once, but the server reads this only when her
    // wait is over, so it fits the budget instead of being refused too.
    assert.equal((await send(alice, valid('Alice', 'read after the wait'))).ok, true);
    const stored = await t.server.stores.messages.after('general', 0, 10);
    assert.deepEqual(
      stored.messages.map((m) => m.message),
      ['first', 'bob is read at once', 'read after the wait'],
    );
    alice.close();
    bob.close();
  });

  it('holds the connection after an edit refused for rate, as after a send', async (test) => {
    const t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 1, perSecond: 10 } },
    });
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    const first = await send(alice, valid('Alice', 'first'));
    assert.ok(first.message);
    const edit = (await emitRaw(alice, 'message:edit', {
      id: first.message.id,
      message: 'first, edited too soon',
    })) as SendAck;
    assert.equal(edit.error?.code, 'rate_limited');
    // Sent at once, read only after the wait: it fits the budget.
    assert.equal((await send(alice, valid('Alice', 'read after the wait'))).ok, true);
    alice.close();
  });
});

describe('oversize packets', () => {
  it('close only the connection that sent them', async (test) => {
    const t = await startTestServer();
    test.after(() => t.stop({ removeData: true }));
    const mallory = await connectAs(t.url, 'Mallory');
    const alice = await connectAs(t.url, 'Alice');
    const bob = await connectAs(t.url, 'Bob');
    await emitRaw(bob, 'room:join', { room: 'general' });

    const closed = new Promise<string>((resolve) => mallory.once('disconnect', resolve));
    mallory.emit(
      'message:send',
      { ...valid('Mallory'), message: 'x'.repeat(70 * 1024) },
      () => undefined,
    );
    assert.equal(await closed, 'transport close');

    const arrived = nextEvent<Message>(bob, 'message:new');
    assert.equal((await send(alice, valid('Alice', 'still here'))).ok, true);
    assert.equal((await arrived).message, 'still here');
    for (const s of [alice, bob]) s.close();
  });
});

describe('storage failure', () => {
  it('answers internal, broadcasts nothing and keeps serving other requests', async (test) => {
    const t = await startTestServer();
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    const bob = await connectAs(t.url, 'Bob');
    await emitRaw(bob, 'room:join', { room: 'general' });
    const bobSees = createInbox(bob).messages;

    await t.server.stores.close(); // every query now throws, as on a broken disk
    const ack = await send(alice, valid('Alice', 'lost to a broken disk?'));
    assert.deepEqual(ack, {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong on our side' },
    });
    // The socket and the process are still there: the next request gets an answer too.
    const join = (await emitRaw(alice, 'room:join', { room: 'general' })) as SendAck;
    assert.equal(join.error?.code, 'internal');
    assert.equal((await fetch(`${t.url}/healthz`)).status, 503);
    assert.deepEqual(bobSees, []);
    alice.close();
    bob.close();
  });
});
