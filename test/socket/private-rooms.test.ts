import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room, RoomSummary } from '../../lib/protocol';
import {
  connectAs,
  connectClient,
  newClientId,
  recordEvents,
  request,
  say,
  signIn,
  startTestServer,
  waitForEvent,
  type Ack,
  type Failure,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';
import { STORAGES } from '../helpers/postgres';

type Probe = [event: string, payload: (room: string) => unknown];

/** Every event that names a room, as someone outside it would try it. */
const ROOM_PROBES: Probe[] = [
  ['room:join', (room) => ({ room })],
  ['room:join', (room) => ({ room, after: 0, since: 0 })],
  ['room:history', (room) => ({ room, before: 1_000_000 })],
  ['message:send', (room) => ({ room, user: 'Carol', message: 'hi', clientId: newClientId() })],
  ['typing', (room) => ({ room, typing: true })],
  ['room:read', (room) => ({ room, id: 1 })],
  ['member:add', (room) => ({ room, user: 'Carol' })],
  ['member:remove', (room) => ({ room, user: 'Alice' })],
  ['member:list', (room) => ({ room })],
  ['room:notify', (room) => ({ room, level: 'none' })],
  ['room:topic', (room) => ({ room, topic: 'mine now' })],
  ['room:archive', (room) => ({ room, archived: true })],
  ['message:search', (room) => ({ query: 'secret', room })],
];

/** Each probe's answer with the room's name written as ROOM, so two rooms' answers compare. */
async function answers(socket: TestClient, room: string): Promise<string[]> {
  const found: string[] = [];
  for (const [event, payload] of ROOM_PROBES) {
    const result = await request<Failure>(socket, event as 'room:join', payload(room));
    assert.equal(result.ok, false, `${event} on ${room} was allowed`);
    found.push(`${event} ${JSON.stringify(result.error).replaceAll(room, 'ROOM')}`);
  }
  return found;
}

const rooms = async (socket: TestClient) =>
  (await request<Ack<{ rooms: RoomSummary[] }>>(socket, 'room:list', {})).rooms;

for (const storage of STORAGES) {
  describe(`private channels on ${storage.name}`, () => {
    let t: TestServer;
    let admin: TestClient;
    let alice: TestClient;
    let bob: TestClient;
    let bobPhone: TestClient;
    let carol: TestClient;
    let secret: Room;
    before(async () => {
      t = await startTestServer({ databaseUrl: await storage.databaseUrl() });
      // The first account administers the server; it belongs to none of the private rooms here.
      admin = await connectAs(t.url, 'Admin');
      alice = await connectAs(t.url, 'Alice');
      const bobCookie = await signIn(t.url, 'Bob');
      bob = await connectClient(t.url, { cookie: bobCookie });
      bobPhone = await connectClient(t.url, { cookie: bobCookie });
      carol = await connectAs(t.url, 'Carol');
      for (const socket of [admin, alice, bob, carol]) {
        await request(socket, 'room:join', { room: 'general' });
      }
      const created = await request<Ack<{ room: Room }>>(alice, 'room:create', {
        room: 'secret-plans',
        private: true,
        topic: 'Only us',
      });
      assert.equal(created.ok, true, JSON.stringify(created));
      secret = created.room;
    });
    /** Alice says `text` in #general and every one of `sockets` hears it: what the server sent
     * them before it has arrived. */
    const barrier = async (sockets: TestClient[], text: string) => {
      const heard = sockets.map((socket) =>
        waitForEvent<Message>(socket, 'message:new', (message) => message.message === text),
      );
      await say(alice, 'Alice', text, { room: 'general' });
      await Promise.all(heard);
    };
    after(async () => {
      for (const socket of [admin, alice, bob, bobPhone, carol]) socket.close();
      await t.stop({ removeData: true });
    });

    it('is made with a lock and its topic, and listed only for its members', async () => {
      assert.deepEqual(secret, { name: 'secret-plans', kind: 'channel', private: true });
      const mine = (await rooms(alice)).find((room) => room.name === 'secret-plans');
      assert.equal(mine?.private, true);
      assert.equal(mine.topic, 'Only us');
      assert.equal(mine.joined, true);
      for (const outsider of [carol, admin]) {
        assert.equal(
          (await rooms(outsider)).some((room) => room.name === 'secret-plans'),
          false,
        );
      }
    });

    it('answers an outsider, admins included, exactly as for a room that does not exist', async () => {
      await say(alice, 'Alice', 'the secret word is marzipan', { room: 'secret-plans' });
      for (const outsider of [carol, admin]) {
        assert.deepEqual(
          await answers(outsider, 'secret-plans'),
          await answers(outsider, 'nothing-here'),
        );
      }
      const [first] = await answers(carol, 'secret-plans');
      assert.match(first ?? '', /"code":"forbidden"/);
    });

    it('answers an outsider about its messages exactly as for an id nobody has', async () => {
      const hidden = await say(alice, 'Alice', 'meet at noon', { room: 'secret-plans' });
      const missing = hidden.id + 1_000_000;
      const probes: [string, (id: number) => unknown][] = [
        ['message:edit', (id) => ({ id, message: 'changed' })],
        ['message:delete', (id) => ({ id })],
        ['message:react', (id) => ({ id, emoji: '👍', on: true })],
      ];
      // An admin outside the room too: moderation reaches only rooms the admin is in.
      for (const [outsider, name] of [
        [carol, 'Carol'],
        [admin, 'Admin'],
      ] as const) {
        for (const [event, payload] of probes) {
          const ofHidden = await request<Failure>(
            outsider,
            event as 'message:edit',
            payload(hidden.id),
          );
          const ofNone = await request<Failure>(
            outsider,
            event as 'message:edit',
            payload(missing),
          );
          assert.deepEqual(ofHidden, ofNone, `${name}: ${event}`);
        }
        const reply = (replyTo: number) =>
          request<Failure>(outsider, 'message:send', {
            room: 'general',
            user: name,
            message: 'quoting',
            clientId: newClientId(),
            replyTo,
          });
        assert.deepEqual(await reply(hidden.id), await reply(missing));
        const found = await request<Ack<{ results: unknown[] }>>(outsider, 'message:search', {
          query: 'marzipan',
        });
        assert.deepEqual(found.results, []);
      }
      // The message is still there: the admin's delete did not reach it.
      const history = await request<Ack<{ messages: Message[] }>>(alice, 'room:join', {
        room: 'secret-plans',
      });
      assert.ok(history.messages.some((message) => message.id === hidden.id));
    });

    it('tells nothing of itself to outsiders while its members talk', async () => {
      const carolEvents = recordEvents(carol);
      const adminEvents = recordEvents(admin);
      await request(alice, 'room:join', { room: 'secret-plans' });
      await request(alice, 'typing', { room: 'secret-plans', typing: true });
      await say(alice, 'Alice', 'whisper', { room: 'secret-plans' });
      await request(alice, 'room:topic', { room: 'secret-plans', topic: 'Quietly' });
      await request(alice, 'room:create', { room: 'secret-two', private: true });
      await request(alice, 'member:add', { room: 'secret-two', user: 'Bob' });
      await request(bob, 'member:remove', { room: 'secret-two', user: 'Bob' });
      // Then something both outsiders hear: whatever came before it has arrived by then.
      await barrier([carol, admin], 'barrier');
      for (const events of [carolEvents, adminEvents]) {
        const text = JSON.stringify(events);
        assert.equal(text.includes('secret-'), false, text);
        assert.equal(text.includes('whisper'), false, text);
        assert.equal(text.includes('Quietly'), false, text);
      }
    });

    it('a member adds Bob: both his devices hear it and the room, and he sees its members', async () => {
      const heard = [bob, bobPhone].map((socket) =>
        waitForEvent<{ room: string; joined: boolean }>(
          socket,
          'room:membership',
          (change) => change.room === 'secret-plans',
        ),
      );
      const added = await request<Ack>(alice, 'member:add', { room: 'secret-plans', user: 'bob' });
      assert.equal(added.ok, true);
      for (const change of await Promise.all(heard)) {
        assert.deepEqual(change, { room: 'secret-plans', joined: true });
      }
      const live = waitForEvent<Message>(bobPhone, 'message:new', (m) => m.message === 'for Bob');
      await say(alice, 'Alice', 'for Bob', { room: 'secret-plans' });
      await live;
      assert.equal((await rooms(bob)).find((room) => room.name === 'secret-plans')?.private, true);
      const listed = await request<Ack<{ members: unknown[] }>>(bob, 'member:list', {
        room: 'secret-plans',
      });
      assert.deepEqual(listed.members, [
        { name: 'Alice', role: 'owner' },
        { name: 'Bob', role: 'member' },
      ]);
    });

    it('only its creator and admins who are members remove others; anyone leaves', async () => {
      const byBob = await request<Failure>(bob, 'member:remove', {
        room: 'secret-plans',
        user: 'Alice',
      });
      assert.equal(byBob.error.code, 'forbidden');
      await request(alice, 'member:add', { room: 'secret-plans', user: 'Carol' });
      const left = await request<Ack>(carol, 'member:remove', {
        room: 'secret-plans',
        user: 'Carol',
      });
      assert.equal(left.ok, true);
      await request(alice, 'member:add', { room: 'secret-plans', user: 'Admin' });
      await request(alice, 'member:add', { room: 'secret-plans', user: 'Carol' });
      const byAdmin = await request<Ack>(admin, 'member:remove', {
        room: 'secret-plans',
        user: 'Carol',
      });
      assert.equal(byAdmin.ok, true);
      await request(admin, 'member:remove', { room: 'secret-plans', user: 'Admin' });
      const nobody = await request<Failure>(alice, 'member:add', {
        room: 'secret-plans',
        user: 'Zed',
      });
      assert.equal(nobody.error.code, 'not_found');
    });

    it('a removed member stops hearing it at once on every device and cannot read it again', async () => {
      await request(bob, 'room:join', { room: 'secret-plans' });
      const bobEvents = [bob, bobPhone].map(recordEvents);
      const gone = [bob, bobPhone].map((socket) =>
        waitForEvent<{ room: string; joined: boolean }>(
          socket,
          'room:membership',
          (change) => change.room === 'secret-plans' && !change.joined,
        ),
      );
      await request(alice, 'member:remove', { room: 'secret-plans', user: 'Bob' });
      await Promise.all(gone);
      await request(alice, 'typing', { room: 'secret-plans', typing: true });
      await say(alice, 'Alice', 'after Bob left: tangerine', { room: 'secret-plans' });
      await barrier([bob, bobPhone], 'barrier two');
      for (const events of bobEvents) {
        const after = events.slice(events.findIndex(([event]) => event === 'room:membership') + 1);
        assert.equal(JSON.stringify(after).includes('secret-plans'), false);
      }
      const join = await request<Failure>(bob, 'room:join', { room: 'secret-plans' });
      assert.equal(join.error.code, 'forbidden');
      const search = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
        query: 'marzipan',
      });
      assert.deepEqual(search.results, []);
      assert.equal(
        (await rooms(bob)).some((room) => room.name === 'secret-plans'),
        false,
      );
    });

    it('a rename reaches the private room it shares, not people who share no room', async () => {
      const zoeCookie = await signIn(t.url, 'Zoe');
      const zoe = await connectClient(t.url, { cookie: zoeCookie });
      await request(alice, 'room:create', { room: 'zoe-and-alice', private: true });
      await request(alice, 'member:add', { room: 'zoe-and-alice', user: 'Zoe' });
      const carolEvents = recordEvents(carol);
      const aliceHears = waitForEvent<{ name: string }>(
        alice,
        'user:updated',
        (update) => update.name === 'Zoey',
      );
      const renamed = await fetch(`${t.url}/api/account`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', cookie: zoeCookie },
        body: JSON.stringify({ name: 'Zoey' }),
      });
      assert.equal(renamed.status, 200);
      await aliceHears;
      await barrier([carol], 'after the rename');
      assert.equal(JSON.stringify(carolEvents).includes('Zoe'), false);
      zoe.close();
    });

    it('keeps names unique across public and private channels, without saying more', async () => {
      const taken = await request<Failure>(carol, 'room:create', { room: 'secret-plans' });
      const takenPublic = await request<Failure>(carol, 'room:create', { room: 'general' });
      assert.equal(taken.error.code, 'conflict');
      assert.equal(
        taken.error.message.replace('secret-plans', 'X'),
        takenPublic.error.message.replace('general', 'X'),
      );
    });

    it('a public channel: member:add is a plain join for that person', async () => {
      await request(carol, 'room:create', { room: 'open-house' });
      const heard = waitForEvent<{ room: string; joined: boolean }>(
        bob,
        'room:membership',
        (change) => change.room === 'open-house',
      );
      await request(carol, 'member:add', { room: 'open-house', user: 'Bob' });
      assert.equal((await heard).joined, true);
      assert.equal((await rooms(bob)).find((room) => room.name === 'open-house')?.joined, true);
    });
  });
}
