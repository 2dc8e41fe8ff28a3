import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room, RoomSummary } from '../../lib/protocol';
import {
  connectAs,
  connectClient,
  createInbox,
  newClientId,
  recordEvents,
  request,
  signIn,
  startTestServer,
  waitForEvent,
  type TestClient,
  type TestServer,
  type Ack,
  type Failure,
} from '../helpers/test-server';

describe('direct messages', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let dm: Room;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
    carol = await connectAs(t.url, 'Carol');
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'bob' });
    assert.equal(opened.ok, true);
    dm = opened.room;
  });
  after(async () => {
    for (const socket of [alice, bob, carol]) socket.close();
    await t.stop({ removeData: true });
  });

  it('opens one opaque room for the pair, whoever opens it', async () => {
    assert.equal(dm.kind, 'dm');
    assert.deepEqual(dm.members, ['Alice', 'Bob']);
    assert.match(dm.name, /^dm-[0-9a-f]{20}$/);
    const again = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'Bob' });
    const fromBob = await request<Ack<{ room: Room }>>(bob, 'dm:open', { user: 'ALICE' });
    assert.equal(again.room.name, dm.name);
    assert.equal(fromBob.room.name, dm.name);
  });

  it('answers not_found for an unknown person and invalid_payload for yourself or bad input', async () => {
    const nobody = await request<Failure>(alice, 'dm:open', { user: 'Zed' });
    assert.equal(nobody.error.code, 'not_found');
    const self = await request<Failure>(alice, 'dm:open', { user: 'alice' });
    assert.equal(self.error.code, 'invalid_payload');
    for (const payload of [{}, { user: '' }, { user: 7 }, { user: '<b>x</b>' }, null]) {
      const result = await request<Failure>(alice, 'dm:open', payload);
      assert.equal(result.error.code, 'invalid_payload', JSON.stringify(payload));
    }
  });

  it('reaches the other person without a join, and lists the DM for both only', async () => {
    const bobInbox = createInbox(bob);
    const sent = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: dm.name,
      user: 'Alice',
      message: 'psst, Bob',
      clientId: newClientId(),
    });
    assert.equal(sent.ok, true);
    await bobInbox.waitFor(sent.message.id);

    const bobList = await request<Ack<{ rooms: RoomSummary[] }>>(bob, 'room:list', {});
    const entry = bobList.rooms.find((room) => room.name === dm.name);
    assert.deepEqual(entry?.members, ['Alice', 'Bob']);
    assert.equal(entry.unread, 1);
    const carolList = await request<Ack<{ rooms: RoomSummary[] }>>(carol, 'room:list', {});
    assert.equal(
      carolList.rooms.some((room) => room.kind === 'dm'),
      false,
    );
  });

  it('refuses a third person on every event, and broadcasts nothing of it to them', async () => {
    await request(carol, 'room:join', { room: 'general' });
    const carolEvents = recordEvents(carol);
    const attempts: [string, unknown][] = [
      ['room:join', { room: dm.name }],
      ['room:join', { room: dm.name, after: 0 }],
      ['room:history', { room: dm.name, before: 1_000_000 }],
      [
        'message:send',
        { room: dm.name, user: 'Carol', message: 'let me in', clientId: newClientId() },
      ],
      ['typing', { room: dm.name, typing: true }],
      ['room:read', { room: dm.name, id: 1 }],
    ];
    for (const [event, payload] of attempts) {
      const result = await request<Failure>(carol, event as 'room:join', payload);
      assert.equal(result.ok, false, `${event} was allowed`);
      assert.equal(result.error.code, 'forbidden', `${event}: ${result.error.code}`);
    }

    // The members keep talking, typing and reading...
    await request(bob, 'room:join', { room: dm.name });
    await request(alice, 'typing', { room: dm.name, typing: true });
    const sent = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: dm.name,
      user: 'Alice',
      message: 'secret',
      clientId: newClientId(),
    });
    await request(bob, 'room:read', { room: dm.name, id: sent.message.id });
    // ...then a message in #general, which Carol hears: anything the server sent her about the
    // DM before it would have arrived first.
    await request(alice, 'room:join', { room: 'general' });
    const barrier = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: 'barrier',
      clientId: newClientId(),
    });
    await waitForEvent<Message>(carol, 'message:new', (m) => m.id === barrier.message.id);

    const leaked = carolEvents.filter(([, payload]) => JSON.stringify(payload).includes(dm.name));
    assert.deepEqual(leaked, []);
    assert.equal(JSON.stringify(carolEvents).includes('secret'), false);
  });

  it('keeps the DM with the account: signing out and back in on another device finds it', async () => {
    const cookie = await signIn(t.url, 'Dave');
    const dave = await connectClient(t.url, { cookie });
    const withDave = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'Dave' });
    dave.close();
    await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie } });

    const daveAgain = await connectAs(t.url, 'Dave');
    const join = await request<Ack>(daveAgain, 'room:join', { room: withDave.room.name });
    assert.equal(join.ok, true);
    const same = await request<Ack<{ room: Room }>>(daveAgain, 'dm:open', { user: 'Alice' });
    assert.equal(same.room.name, withDave.room.name);
    daveAgain.close();
  });

  it('subscribes a member who connects later to the DM', async () => {
    const cookie = await signIn(t.url, 'Erin');
    const first = await connectClient(t.url, { cookie });
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: 'Erin' });
    first.close();
    // Erin's next socket belongs to the DM from its first moment, without opening or joining.
    const erin = await connectClient(t.url, { cookie });
    const inbox = createInbox(erin);
    const sent = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: opened.room.name,
      user: 'Alice',
      message: 'welcome back',
      clientId: newClientId(),
    });
    await inbox.waitFor(sent.message.id);
    erin.close();
  });
});
