import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { Message } from '../../lib/protocol';
import {
  aliceAndBobInGeneral,
  connectClient,
  newClientId,
  request,
  signIn,
  startTestServer,
  TEST_LIMITS,
  type Ack,
  type Failure,
  type Inbox,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

const MAX_QUEUED_CHARS = 256 * 1024;
const BATCH = 20;
/** Loopback's kernel buffers take a few MB first; past this many batches the limit failed. */
const MAX_BATCHES = 150;
/** A full-length message of 4-byte characters: 16 KB on the wire. */
const BIG = '😀'.repeat(4000);

describe('a client that stops reading', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let bobInbox: Inbox;

  before(async () => {
    t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 100_000, perSecond: 100_000 } },
      slowReaders: { maxQueuedChars: MAX_QUEUED_CHARS, checkEveryMs: 20 },
    });
    ({ alice, bob, bobInbox } = await aliceAndBobInGeneral(t.url));
  });
  after(async () => {
    for (const socket of [alice, bob]) socket.close();
    await t.stop({ removeData: true });
  });

  it(`is dropped once ${MAX_QUEUED_CHARS / 1024} Ki characters wait for it, and others keep chatting`, async () => {
    // Sloth is a member of #general, so a socket of theirs hears it from the moment it connects.
    const cookie = await signIn(t.url, 'Sloth');
    const first = await connectClient(t.url, { cookie });
    await request(first, 'room:join', { room: 'general' });
    first.close();

    const ws = new WebSocket(
      `${t.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
      {
        headers: { cookie },
        perMessageDeflate: false,
      },
    );
    await once(ws, 'message'); // Engine.IO open
    ws.send('40');
    await once(ws, 'message'); // Socket.IO connect
    const onServer = [...t.server.io.of('/').sockets.values()].find(
      (socket) => socket.data.user.name === 'Sloth' && socket.connected,
    );
    assert.ok(onServer !== undefined);
    const drop: { reason?: string } = {};
    // A function, since TypeScript cannot see the listener set the reason.
    const isDropped = () => drop.reason !== undefined;
    const dropped = once(onServer, 'disconnect').then(([reason]) => {
      drop.reason = String(reason);
    });
    // Stop reading: TCP fills up, then Engine.IO queues in server memory.
    ws.pause();

    let batches = 0;
    let last: Message | undefined;
    while (!isDropped()) {
      assert.ok(batches < MAX_BATCHES, 'the slow reader was never dropped');
      const acks = await Promise.all(
        Array.from({ length: BATCH }, () =>
          request<Ack<{ message: Message }> | Failure>(alice, 'message:send', {
            room: 'general',
            user: 'Alice',
            message: BIG,
            clientId: newClientId(),
          }),
        ),
      );
      for (const ack of acks) {
        assert.ok(ack.ok, JSON.stringify(ack));
        last = ack.message;
      }
      batches++;
    }
    await dropped;
    assert.equal(drop.reason, 'forced close');
    console.log(
      `slow reader: paused after connect; ${batches * BATCH} messages of 16 KB sent; ` +
        `dropped (${drop.reason}) past ${MAX_QUEUED_CHARS} queued characters`,
    );

    // Bob, who reads, got everything, and the room goes on.
    assert.ok(last !== undefined);
    await bobInbox.waitFor(last.id);
    assert.equal(bobInbox.messages.length, batches * BATCH);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /parley_rate_limited_total\{limit="slow_reader"\} 1\b/);
    ws.terminate();
  });
});
