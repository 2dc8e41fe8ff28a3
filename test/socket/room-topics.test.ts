import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MAX_TOPIC_LENGTH,
  type AckError,
  type Room,
  type RoomSummary,
  type RoomTopic,
} from '../../lib/protocol';
import {
  connectAs,
  recordEvents,
  request,
  startTestServer,
  TEST_LIMITS,
  waitForEvent,
  type Ack,
  type Failure,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

async function topicOf(socket: TestClient, room: string): Promise<string | undefined> {
  const list = await request<Ack<{ rooms: RoomSummary[] }>>(socket, 'room:list', {});
  assert.equal(list.ok, true);
  return list.rooms.find((summary) => summary.name === room)?.topic;
}

describe('room topics', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
    carol = await connectAs(t.url, 'Carol');
  });
  after(async () => {
    for (const socket of [alice, bob, carol]) socket.close();
    await t.stop({ removeData: true });
  });

  it('sets a channel topic, normalised, tells everyone and lists it', async () => {
    const heard = waitForEvent<RoomTopic>(bob, 'room:updated', (u) => u.room === 'general');
    // Decomposed é (e + combining acute) and surrounding spaces: stored as NFC, trimmed.
    const set = await request<Ack<{ topic: string }>>(alice, 'room:topic', {
      room: 'general',
      topic: '  Cafe\u0301 talk, all welcome 👋  ',
    });
    assert.deepEqual(set, { ok: true, topic: 'Café talk, all welcome 👋' });
    assert.deepEqual(await heard, { room: 'general', topic: 'Café talk, all welcome 👋' });
    assert.equal(await topicOf(carol, 'general'), 'Café talk, all welcome 👋');
  });

  it('refuses a bad topic with invalid_payload and keeps the old one', async () => {
    const bad: unknown[] = [
      { room: 'general', topic: 'x'.repeat(MAX_TOPIC_LENGTH + 1) },
      { room: 'general', topic: 'two\nlines' },
      { room: 'general', topic: 'tab\there' },
      { room: 'general', topic: 'bell\u0007' },
      { room: 'general', topic: 42 },
      { room: 'general' },
      { topic: 'no room' },
      { room: 'General!', topic: 'bad room name' },
      'not an object',
    ];
    for (const payload of bad) {
      const result = await request<Failure>(alice, 'room:topic', payload);
      assert.equal(result.ok, false, JSON.stringify(payload));
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
      assert.ok(result.error.message.length > 0);
    }
    // Exactly at the limit is fine (counted in code points: 👋 is one).
    const longest = '👋'.repeat(MAX_TOPIC_LENGTH);
    const ok = await request<Ack<{ topic: string }>>(bob, 'room:topic', {
      room: 'general',
      topic: longest,
    });
    assert.deepEqual(ok, { ok: true, topic: longest });
    assert.equal(await topicOf(alice, 'general'), longest);
  });

  it('clears a topic with an empty one', async () => {
    const cleared = await request<Ack<{ topic: string }>>(alice, 'room:topic', {
      room: 'general',
      topic: '   ',
    });
    assert.deepEqual(cleared, { ok: true, topic: '' });
    assert.equal(await topicOf(bob, 'general'), '');
  });

  it('answers forbidden for a room that does not exist, as for a private room of others', async () => {
    const result = await request<Failure>(alice, 'room:topic', { room: 'nowhere', topic: 'hi' });
    assert.equal(result.error.code, 'forbidden');
  });

  it("keeps a DM's topic between its two members", async () => {
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'Bob' });
    assert.ok(opened.ok);
    const dm = opened.room.name;
    const carolHears = recordEvents(carol);
    const bobHears = waitForEvent<RoomTopic>(bob, 'room:updated', (u) => u.room === dm);
    const set = await request<Ack<{ topic: string }>>(alice, 'room:topic', {
      room: dm,
      topic: 'Lunch plans',
    });
    assert.deepEqual(set, { ok: true, topic: 'Lunch plans' });
    assert.deepEqual(await bobHears, { room: dm, topic: 'Lunch plans' });

    const intruder = await request<Failure>(carol, 'room:topic', { room: dm, topic: 'mine now' });
    assert.equal(intruder.error.code, 'forbidden');
    assert.equal(await topicOf(bob, dm), 'Lunch plans');

    // A channel update after both: Carol hears it, and heard nothing of the DM before it.
    const barrier = waitForEvent<RoomTopic>(carol, 'room:updated', (u) => u.room === 'general');
    await request(alice, 'room:topic', { room: 'general', topic: 'barrier' });
    await barrier;
    const dmEvents = carolHears.filter(([, payload]) => JSON.stringify(payload).includes(dm));
    assert.deepEqual(dmEvents, []);
    assert.equal(await topicOf(carol, dm), undefined, 'not in her list either');
  });
});

describe('room topic limits', () => {
  it('shares the room-creation budget, and says when to try again', async () => {
    const t = await startTestServer({
      limits: { ...TEST_LIMITS, create: { burst: 2, perSecond: 0.001 } },
    });
    const alice = await connectAs(t.url, 'Alice');
    try {
      for (const topic of ['one', 'two']) {
        const ok = await request<Ack<{ topic: string }>>(alice, 'room:topic', {
          room: 'general',
          topic,
        });
        assert.equal(ok.ok, true);
      }
      const limited = await request<{ ok: false; error: AckError }>(alice, 'room:topic', {
        room: 'general',
        topic: 'three',
      });
      assert.equal(limited.error.code, 'rate_limited');
      assert.ok((limited.error.retryAfterMs ?? 0) > 0);
      assert.equal(await topicOf(alice, 'general'), 'two');
    } finally {
      alice.close();
      await t.stop({ removeData: true });
    }
  });
});

describe('room-change refusals for rate', () => {
  // A budget of one, then ten a second: the second change is refused with a ~100 ms wait. A
  // third sent at once fits the budget only if the server reads it after that wait.
  const limits = { ...TEST_LIMITS, create: { burst: 1, perSecond: 10 } };

  it('hold the connection after a refused channel creation, as after a send', async (test) => {
    const t = await startTestServer({ limits });
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    test.after(() => alice.close());
    assert.equal((await request<Ack>(alice, 'room:create', { room: 'one' })).ok, true);
    const refused = await request<Failure>(alice, 'room:create', { room: 'two' });
    assert.equal(refused.error.code, 'rate_limited');
    assert.equal((await request<Ack>(alice, 'room:create', { room: 'three' })).ok, true);
  });

  it('hold the connection after a refused topic change', async (test) => {
    const t = await startTestServer({ limits });
    test.after(() => t.stop({ removeData: true }));
    const alice = await connectAs(t.url, 'Alice');
    test.after(() => alice.close());
    const topic = (text: string) =>
      request<Ack<{ topic: string }>>(alice, 'room:topic', { room: 'general', topic: text });
    assert.equal((await topic('one')).ok, true);
    const refused = await request<Failure>(alice, 'room:topic', { room: 'general', topic: 'two' });
    assert.equal(refused.error.code, 'rate_limited');
    assert.equal((await topic('three')).ok, true);
  });
});
