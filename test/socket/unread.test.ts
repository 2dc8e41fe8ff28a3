import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, ReadMarker, RoomSummary } from '../../lib/protocol';
import {
  connectAs,
  connectClient,
  newClientId,
  request,
  signIn,
  startTestServer,
  waitForEvent,
  type TestClient,
  type TestServer,
  type Ack,
  type Failure,
} from '../helpers/test-server';

async function say(socket: TestClient, user: string, room: string, message: string) {
  const result = await request<Ack<{ message: Message }>>(socket, 'message:send', {
    room,
    user,
    message,
    clientId: newClientId(),
  });
  assert.equal(result.ok, true);
  return result.message;
}

async function summary(socket: TestClient, room: string): Promise<RoomSummary | undefined> {
  const list = await request<Ack<{ rooms: RoomSummary[] }>>(socket, 'room:list', {});
  return list.rooms.find((entry) => entry.name === room);
}

describe('unread counts', () => {
  let t: TestServer;
  let alice: TestClient;
  let bobCookie: string;
  let bob: TestClient;
  let sent: Message[];
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
    bobCookie = await signIn(t.url, 'Bob');
    bob = await connectClient(t.url, { cookie: bobCookie });
    await request(alice, 'room:join', { room: 'general' });
    await request(bob, 'room:join', { room: 'general' });
    await request(alice, 'room:create', { room: 'random' });
    await request(bob, 'room:join', { room: 'random' });
    // Bob has read everything so far; then Alice writes three, one of them to him.
    sent = [
      await say(alice, 'Alice', 'general', 'morning all'),
      await say(alice, 'Alice', 'general', 'hey @bob, got a minute?'),
      await say(alice, 'Alice', 'general', 'standup in 5'),
    ];
    await say(bob, 'Bob', 'general', 'my own message never counts');
  });
  after(async () => {
    alice.close();
    bob.close();
    await t.stop({ removeData: true });
  });

  it('counts others’ messages after the read marker, with mentions apart', async () => {
    const general = await summary(bob, 'general');
    assert.equal(general?.unread, 3);
    assert.equal(general.mentions, 1);
    assert.equal(general.lastReadId, 0);
    assert.equal(general.lastId, sent[2] === undefined ? 0 : sent[2].id + 1);
    assert.equal((await summary(alice, 'general'))?.unread, 1);
  });

  it('is right after a reconnect', async () => {
    bob.close();
    bob = await connectClient(t.url, { cookie: bobCookie });
    const general = await summary(bob, 'general');
    assert.equal(general?.unread, 3);
    assert.equal(general.mentions, 1);
  });

  it('agrees across two sockets of the same user when one reads', async () => {
    const secondTab = await connectClient(t.url, { cookie: bobCookie });
    const [, mention] = sent;
    assert.ok(mention !== undefined);
    const heard = waitForEvent<ReadMarker>(secondTab, 'room:read', (m) => m.room === 'general');
    const read = await request<Ack>(bob, 'room:read', { room: 'general', id: mention.id });
    assert.equal(read.ok, true);
    assert.deepEqual(await heard, { room: 'general', id: mention.id });
    const general = await summary(secondTab, 'general');
    assert.equal(general?.unread, 1);
    assert.equal(general.mentions, 0);
    assert.equal(general.lastReadId, mention.id);
    secondTab.close();
  });

  it('never moves the marker back, nor past the newest message', async () => {
    await request(bob, 'room:read', { room: 'general', id: 1 });
    const [, mention] = sent;
    assert.equal((await summary(bob, 'general'))?.lastReadId, mention?.id);
    await request(bob, 'room:read', { room: 'general', id: 9_999_999 });
    const general = await summary(bob, 'general');
    assert.equal(general?.lastReadId, general?.lastId);
    assert.equal(general?.unread, 0);
  });

  it('counts a message that arrives while the reader is in another room', async () => {
    const heard = waitForEvent<Message>(bob, 'message:new', (m) => m.room === 'general');
    const message = await say(alice, 'Alice', 'general', 'are you there?');
    // Bob is looking at #random, yet his socket hears #general, the room he belongs to.
    assert.equal((await heard).id, message.id);
    assert.equal((await summary(bob, 'general'))?.unread, 1);
  });

  it('refuses bad markers and rooms that do not exist', async () => {
    for (const payload of [
      { room: 'general' },
      { room: 'general', id: -1 },
      { room: 'general', id: 1.5 },
      { room: 'general', id: '3' },
    ]) {
      const result = await request<Failure>(bob, 'room:read', payload);
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
    }
    const missing = await request<Failure>(bob, 'room:read', { room: 'nowhere', id: 1 });
    assert.equal(missing.error.code, 'forbidden');
  });
});
