import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { Message } from '../../lib/protocol';
import {
  connectAs,
  newClientId,
  request,
  signIn,
  startTestServer,
  TEST_LIMITS,
  waitForEvent,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

type Outcome = 'closed' | 'survived';

/** A raw Engine.IO WebSocket, past the Engine.IO open packet; `connected` also sends `40`. */
async function rawSocket(url: string, cookie: string, connected: boolean): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    headers: { cookie },
    perMessageDeflate: false,
  });
  const [open] = (await once(ws, 'message')) as [Buffer];
  assert.equal(open.toString()[0], '0', 'Engine.IO open packet');
  if (connected) {
    ws.send('40');
    const [ack] = (await once(ws, 'message')) as [Buffer];
    assert.match(ack.toString(), /^40/);
  }
  return ws;
}

/**
 * Sends `frames`, then a ping probe: a socket the server closed reports `closed`; one it kept
 * answers the probe (an Engine.IO ping `2` from us gets no reply, so we probe with a real event
 * and its ack when the socket is connected, or simply wait for close or the next server ping).
 */
async function attack(ws: WebSocket, frames: (string | Buffer)[], isConnected: boolean) {
  const closed = new Promise<Outcome>((resolve) => ws.once('close', () => resolve('closed')));
  for (const frame of frames) ws.send(frame);
  const probe = new Promise<Outcome>((resolve) => {
    if (!isConnected) return;
    ws.on('message', (data: Buffer) => {
      if (data.toString().startsWith('43999')) resolve('survived');
    });
    ws.send('42999["room:list",{}]');
  });
  const outcome = await Promise.race(isConnected ? [closed, probe] : [closed]);
  ws.terminate();
  return outcome;
}

describe('malformed traffic at the Engine.IO and Socket.IO layers', () => {
  let t: TestServer;
  let cookie: string;
  let alice: TestClient;
  let bob: TestClient;
  const tried: string[] = [];
  before(async () => {
    // Alice's proof-of-life messages (one per attack) must not hit her send limit.
    t = await startTestServer({
      limits: { ...TEST_LIMITS, send: { burst: 1_000, perSecond: 1_000 } },
    });
    cookie = await signIn(t.url, 'Mallory');
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
    await request(alice, 'room:join', { room: 'general' });
    await request(bob, 'room:join', { room: 'general' });
  });
  after(async () => {
    console.log(`raw-frame attacks tried (${tried.length}):\n  ${tried.join('\n  ')}`);
    alice.close();
    bob.close();
    await t.stop({ removeData: true });
  });

  /** Alice and Bob still chat: the process is up and the room works. */
  async function stillChatting(): Promise<void> {
    const text = `still here ${newClientId()}`;
    const seen = waitForEvent<Message>(bob, 'message:new', (m) => m.message === text);
    const sent = await request<{ ok: boolean }>(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: text,
      clientId: newClientId(),
    });
    assert.equal(sent.ok, true);
    await seen;
  }

  const connectedCases: [string, (string | Buffer)[]][] = [
    ['non-numeric Engine.IO packet type', ['x']],
    ['unknown Engine.IO packet type', ['9hello']],
    ['unknown Socket.IO packet type', ['47["x"]']],
    ['a second CONNECT', ['40']],
    ['truncated JSON', ['42["message:send",{"room":"gen']],
    ['null event name', ['42[null,"x"]']],
    ['object event name', ['42[{"toString":"x"}]']],
    ['number event name', ['42[42,{}]']],
    ['empty event array', ['42[]']],
    ['event that is not an array', ['42{"event":"x"}']],
    ['reserved name connect', ['42["connect"]']],
    ['reserved name disconnect', ['42["disconnect"]']],
    ['reserved name error', ['42["error",{}]']],
    ['reserved name disconnecting', ['42["disconnecting"]']],
    [
      'binary placeholder without attachment',
      ['451-["message:send",{"_placeholder":true,"num":0}]'],
    ],
    [
      'attachment count that does not match',
      ['452-["x",{"_placeholder":true,"num":5}]', Buffer.from([1, 2, 3])],
    ],
    ['negative attachment count', ['45-1-["x"]']],
    ['binary frame with no header', [Buffer.from([0, 1, 2, 3])]],
    ['ack for an id never sent', ['43777[{"ok":true}]']],
    ['huge ack id', ['4299999999999999999999["room:list",{}]']],
    ['namespace that does not exist', ['40/admin,']],
    ['event to a namespace never joined', ['42/admin,["x"]']],
    ['deeply nested payload', [`42["message:send",${'['.repeat(5000)}${']'.repeat(5000)}]`]],
    [
      'prototype pollution attempt',
      ['42["message:send",{"__proto__":{"ok":true},"room":"general"}]'],
    ],
    ['frame over the size limit', [`42["message:send","${'x'.repeat(70 * 1024)}"]`]],
  ];

  for (const [name, frames] of connectedCases) {
    it(`survives ${name}`, async () => {
      const ws = await rawSocket(t.url, cookie, true);
      const outcome = await attack(ws, frames, true);
      tried.push(`${name}: ${outcome}`);
      await stillChatting();
    });
  }

  it('survives events sent before CONNECT, and stores nothing from them', async () => {
    const ws = await rawSocket(t.url, cookie, false);
    const outcome = await attack(
      ws,
      [
        '42["message:send",{"room":"general","user":"Mallory","message":"early","clientId":"early-123"}]',
      ],
      false,
    );
    tried.push(`events before CONNECT: ${outcome}`);
    const stored = await t.server.stores.messages.latest('general', 50);
    assert.equal(
      stored.messages.some((m) => m.message === 'early'),
      false,
    );
    await stillChatting();
  });

  it('refuses bad EIO and transport query values with 400', async () => {
    for (const query of [
      'EIO=3&transport=websocket',
      'EIO=abc&transport=polling',
      'EIO=4&transport=carrier-pigeon',
      'EIO=4',
      'transport=polling',
    ]) {
      const response = await fetch(`${t.url}/socket.io/?${query}`, { headers: { cookie } });
      tried.push(`query ${query}: HTTP ${response.status}`);
      assert.equal(response.status, 400, query);
    }
    await stillChatting();
  });

  it('refuses an upgrade request with thousands of headers', async () => {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    const headers = Array.from({ length: 5_000 }, (_, i) => `X-Junk-${i}: ${'y'.repeat(20)}`);
    socket.write(
      [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
        '',
        '',
      ].join('\r\n'),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    await once(socket, 'close');
    const reply = Buffer.concat(chunks).toString();
    tried.push(`5000-header upgrade: ${reply.split('\r\n', 1)[0] ?? 'closed'}`);
    assert.match(reply, /^HTTP\/1\.1 431/);
    await stillChatting();
  });
});
