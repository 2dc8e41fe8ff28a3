import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '../../lib/protocol';
import {
  connectAs,
  emitRaw,
  newClientId,
  nextEvent,
  startTestServer,
  TEST_LIMITS,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

interface JoinAck {
  ok: boolean;
  room?: { name: string };
  messages?: Message[];
  hasMore?: boolean;
  error?: { code: string; message: string };
}

const ids = (ack: JoinAck) => (ack.messages ?? []).map((m) => m.id);

async function sendMany(socket: TestClient, user: string, count: number): Promise<number[]> {
  const sent: number[] = [];
  for (let i = 0; i < count; i++) {
    const ack = (await emitRaw(socket, 'message:send', {
      room: 'general',
      user,
      message: `message ${i}`,
      clientId: newClientId(),
    })) as { ok: boolean; message: Message };
    assert.equal(ack.ok, true);
    sent.push(ack.message.id);
  }
  return sent;
}

describe('room:join and room:history', () => {
  let t: TestServer;
  let alice: TestClient;
  let stored: number[];
  before(async () => {
    // Sends go past the per-user burst here, so this suite lifts the send limit.
    t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 1_000, perSecond: 1_000 } },
    });
    alice = await connectAs(t.url, 'Alice');
    stored = await sendMany(alice, 'Alice', 620);
  });
  after(async () => {
    alice.close();
    await t.stop({ removeData: true });
  });

  it('without after: the latest 50, ascending, hasMore when older exist', async () => {
    const ack = (await emitRaw(alice, 'room:join', { room: 'general' })) as JoinAck;
    assert.equal(ack.ok, true);
    assert.deepEqual(ack.room, { name: 'general' });
    assert.deepEqual(ids(ack), stored.slice(-50));
    assert.equal(ack.hasMore, true);
  });

  it('with after: everything newer, ascending, at most 500, hasMore while more remain', async () => {
    const first = (await emitRaw(alice, 'room:join', { room: 'general', after: 0 })) as JoinAck;
    assert.deepEqual(ids(first), stored.slice(0, 500));
    assert.equal(first.hasMore, true);
    const rest = (await emitRaw(alice, 'room:join', {
      room: 'general',
      after: stored[499],
    })) as JoinAck;
    assert.deepEqual(ids(rest), stored.slice(500));
    assert.equal(rest.hasMore, false);
    const none = (await emitRaw(alice, 'room:join', {
      room: 'general',
      after: stored.at(-1),
    })) as JoinAck;
    assert.deepEqual(ids(none), []);
    assert.equal(none.hasMore, false);
  });

  it('history pages backwards with before and limit (default 50, at most 100)', async () => {
    const before = stored[300];
    const page = (await emitRaw(alice, 'room:history', { room: 'general', before })) as JoinAck;
    assert.deepEqual(ids(page), stored.slice(250, 300));
    assert.equal(page.hasMore, true);
    const small = (await emitRaw(alice, 'room:history', {
      room: 'general',
      before,
      limit: 3,
    })) as JoinAck;
    assert.deepEqual(ids(small), stored.slice(297, 300));
    const oldest = (await emitRaw(alice, 'room:history', {
      room: 'general',
      before: stored[2],
      limit: 100,
    })) as JoinAck;
    assert.deepEqual(ids(oldest), stored.slice(0, 2));
    assert.equal(oldest.hasMore, false);
  });

  it('ids strictly increase in the order messages were stored', () => {
    for (let i = 1; i < stored.length; i++) assert.ok((stored[i] ?? 0) > (stored[i - 1] ?? 0));
  });

  it('answers forbidden for a room that does not exist, as for a private room of others', async () => {
    for (const event of ['room:join', 'room:history'] as const) {
      const ack = (await emitRaw(alice, event, { room: 'nowhere', before: 10 })) as JoinAck;
      assert.equal(ack.ok, false);
      assert.equal(ack.error?.code, 'forbidden');
    }
  });

  it('answers invalid_payload for every malformed request', async () => {
    const cases: [string, unknown][] = [
      ['room:join', undefined],
      ['room:join', 'general'],
      ['room:join', { room: 'General' }],
      ['room:join', { room: 'general', after: -1 }],
      ['room:join', { room: 'general', after: 1.5 }],
      ['room:join', { room: 'general', after: '5' }],
      ['room:history', { room: 'general' }],
      ['room:history', { room: 'general', before: 10, limit: 0 }],
      ['room:history', { room: 'general', before: 10, limit: 101 }],
      ['room:history', { room: 'general', before: 0 }],
      ['room:leave', {}],
      ['room:leave', { room: ['general'] }],
    ];
    for (const [event, payload] of cases) {
      const ack = (await emitRaw(alice, event, payload)) as JoinAck;
      assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)}`);
      assert.equal(ack.error?.code, 'invalid_payload');
      assert.equal(typeof ack.error.message, 'string');
    }
  });
});

describe('room membership', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  it('delivers message:new to joined sockets only, until room:leave', async () => {
    const alice = await connectAs(t.url, 'Alice');
    const bob = await connectAs(t.url, 'Bob');
    const carol = await connectAs(t.url, 'Carol');
    await emitRaw(bob, 'room:join', { room: 'general' });
    await emitRaw(carol, 'room:join', { room: 'general' });
    const aliceSays = (message: string) =>
      emitRaw(alice, 'message:send', {
        room: 'general',
        user: 'Alice',
        message,
        clientId: newClientId(),
      });

    const toBob = nextEvent<Message>(bob, 'message:new');
    await aliceSays('one');
    assert.equal((await toBob).message, 'one');

    assert.deepEqual(await emitRaw(carol, 'room:leave', { room: 'general' }), { ok: true });
    const seenByCarol: Message[] = [];
    carol.on('message:new', (m) => seenByCarol.push(m));
    const bobGetsTwo = nextEvent<Message>(bob, 'message:new');
    await aliceSays('two');
    await bobGetsTwo;
    // Carol joins again: had 'two' reached her, it would arrive before 'three' on her connection.
    await emitRaw(carol, 'room:join', { room: 'general' });
    const carolGetsThree = nextEvent<Message>(carol, 'message:new');
    await aliceSays('three');
    await carolGetsThree;
    assert.deepEqual(
      seenByCarol.map((m) => m.message),
      ['three'],
    );
    for (const s of [alice, bob, carol]) s.close();
  });
});
