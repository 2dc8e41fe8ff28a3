import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, TypingEvent } from '../../lib/protocol';
import {
  connectAs,
  connectClient,
  emitRaw,
  newClientId,
  request,
  signIn,
  startTestServer,
  waitForEvent,
  type TestClient,
  type TestServer,
  type Failure,
} from '../helpers/test-server';

/** Every `typing` event a socket receives from now on. */
function recordTyping(socket: TestClient): TypingEvent[] {
  const seen: TypingEvent[] = [];
  socket.on('typing', (event) => seen.push(event));
  return seen;
}

describe('typing', () => {
  let t: TestServer;
  let aliceCookie: string;
  let alice: TestClient;
  let aliceOtherTab: TestClient;
  let bob: TestClient;
  before(async () => {
    // Forward at most one "typing" per socket and room for the whole test: the throttle is
    // then visible without depending on how fast the machine is.
    t = await startTestServer({ typingForwardMs: 10 * 60_000 });
    aliceCookie = await signIn(t.url, 'Alice');
    alice = await connectClient(t.url, { cookie: aliceCookie });
    aliceOtherTab = await connectClient(t.url, { cookie: aliceCookie });
    bob = await connectAs(t.url, 'Bob');
    for (const socket of [alice, aliceOtherTab, bob]) {
      await request(socket, 'room:join', { room: 'general' });
    }
    await request(bob, 'room:create', { room: 'random' });
  });
  after(async () => {
    for (const socket of [alice, aliceOtherTab, bob]) socket.close();
    await t.stop({ removeData: true });
  });

  it('tells the others once per throttle window, not the typist’s own tabs, and clears', async () => {
    const bobSees = recordTyping(bob);
    const ownTab = recordTyping(aliceOtherTab);
    for (let i = 0; i < 5; i++) await request(alice, 'typing', { room: 'general', typing: true });
    const stopped = waitForEvent<TypingEvent>(bob, 'typing', (e) => !e.typing);
    await request(alice, 'typing', { room: 'general', typing: false });
    await stopped;
    assert.deepEqual(bobSees, [
      { room: 'general', user: 'Alice', typing: true },
      { room: 'general', user: 'Alice', typing: false },
    ]);
    assert.deepEqual(ownTab, []);
  });

  it('is accepted without an ack (fire and forget), like browsers send it', async () => {
    const started = waitForEvent<TypingEvent>(bob, 'typing', (e) => e.typing);
    alice.emit('typing', { room: 'general', typing: true });
    assert.deepEqual(await started, { room: 'general', user: 'Alice', typing: true });
    await request(alice, 'typing', { room: 'general', typing: false });
  });

  it('clears when the typist disconnects or leaves the room', async () => {
    const tab = await connectClient(t.url, { cookie: aliceCookie });
    await request(tab, 'typing', { room: 'general', typing: true });
    const cleared = waitForEvent<TypingEvent>(bob, 'typing', (e) => !e.typing);
    tab.close();
    assert.deepEqual(await cleared, { room: 'general', user: 'Alice', typing: false });

    const other = await connectClient(t.url, { cookie: aliceCookie });
    await request(other, 'room:join', { room: 'general' });
    await request(other, 'typing', { room: 'general', typing: true });
    const left = waitForEvent<TypingEvent>(bob, 'typing', (e) => !e.typing);
    await request(other, 'room:leave', { room: 'general' });
    await left;
    other.close();
  });

  it('never reaches a room the typing was not in', async () => {
    const carol = await connectAs(t.url, 'Carol');
    await request(carol, 'room:join', { room: 'random' });
    const carolSees = recordTyping(carol);
    await request(alice, 'typing', { room: 'general', typing: true });
    await request(alice, 'typing', { room: 'general', typing: false });
    // A message in #random after the signals: Carol hears it, so she would have heard them.
    const sent = await request<{ message: Message }>(bob, 'message:send', {
      room: 'random',
      user: 'Bob',
      message: 'hi',
      clientId: newClientId(),
    });
    await waitForEvent<Message>(carol, 'message:new', (m) => m.id === sent.message.id);
    assert.deepEqual(carolSees, []);
    carol.close();
  });

  it('refuses bad payloads and unknown rooms when asked for an ack', async () => {
    for (const payload of [{ room: 'general', typing: 'yes' }, { room: 'general' }, null, []]) {
      const result = (await emitRaw(alice, 'typing', payload)) as Failure;
      assert.equal(result.error.code, 'invalid_payload');
    }
    const unknown = (await emitRaw(alice, 'typing', { room: 'nowhere', typing: true })) as Failure;
    assert.equal(unknown.error.code, 'forbidden');
  });
});
