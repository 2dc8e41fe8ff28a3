import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room, RoomSummary } from '../../lib/protocol';
import {
  connectAs,
  connectClient,
  createInbox,
  newClientId,
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

const summaryOf = async (socket: TestClient, room: string) =>
  (await request<Ack<{ rooms: RoomSummary[] }>>(socket, 'room:list', {})).rooms.find(
    (summary) => summary.name === room,
  );

const settings = (url: string, cookie: string, body: unknown) =>
  fetch(`${url}/api/admin/settings`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify(body),
  });

for (const storage of STORAGES) {
  describe(`group DMs, archiving, channel creation and notification levels on ${storage.name}`, () => {
    let t: TestServer;
    let adminCookie: string;
    let admin: TestClient;
    let alice: TestClient;
    let bob: TestClient;
    let bobPhone: TestClient;
    let carol: TestClient;
    let dave: TestClient;
    before(async () => {
      t = await startTestServer({ databaseUrl: await storage.databaseUrl() });
      adminCookie = await signIn(t.url, 'Admin');
      admin = await connectClient(t.url, { cookie: adminCookie });
      alice = await connectAs(t.url, 'Alice');
      const bobCookie = await signIn(t.url, 'Bob');
      bob = await connectClient(t.url, { cookie: bobCookie });
      bobPhone = await connectClient(t.url, { cookie: bobCookie });
      carol = await connectAs(t.url, 'Carol');
      dave = await connectAs(t.url, 'Dave');
      for (const socket of [admin, alice, bob, carol, dave]) {
        await request(socket, 'room:join', { room: 'general' });
      }
    });
    after(async () => {
      for (const socket of [admin, alice, bob, bobPhone, carol, dave]) socket.close();
      await t.stop({ removeData: true });
    });

    it('a group DM is the one room of exactly its people, whoever opens it in any order', async () => {
      const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', {
        users: ['Bob', 'carol'],
      });
      assert.equal(opened.ok, true, JSON.stringify(opened));
      assert.deepEqual(opened.room.members, ['Alice', 'Bob', 'Carol']);
      const again = await request<Ack<{ room: Room }>>(carol, 'dm:open', {
        users: ['BOB', 'Alice', 'bob'],
      });
      assert.equal(again.room.name, opened.room.name);
      // One other person in `users` is the same room as `user`.
      const pair = await request<Ack<{ room: Room }>>(alice, 'dm:open', { users: ['Bob'] });
      const pairAgain = await request<Ack<{ room: Room }>>(bob, 'dm:open', { user: 'Alice' });
      assert.equal(pair.room.name, pairAgain.room.name);
      assert.notEqual(pair.room.name, opened.room.name);

      const inboxes = [bob, carol].map(createInbox);
      const sent = await say(alice, 'Alice', 'hello, all three', { room: opened.room.name });
      for (const inbox of inboxes) await inbox.waitFor(sent.id);
      assert.deepEqual((await summaryOf(bob, opened.room.name))?.members, [
        'Alice',
        'Bob',
        'Carol',
      ]);

      const refused = await request<Failure>(dave, 'room:join', { room: opened.room.name });
      assert.equal(refused.error.code, 'forbidden');
      for (const event of ['member:add', 'member:remove'] as const) {
        const fixed = await request<Failure>(alice, event, {
          room: opened.room.name,
          user: 'Dave',
        });
        assert.equal(fixed.error.code, 'forbidden', event);
        assert.match(fixed.error.message, /keeps the people/);
      }
    });

    it('refuses a group DM of nobody else, of too many, or of someone unknown', async () => {
      const cases: [unknown, string][] = [
        [{ users: [] }, 'invalid_payload'],
        [{ users: ['Alice'] }, 'invalid_payload'],
        [{ users: Array.from({ length: 9 }, (_, i) => `P${i}`) }, 'invalid_payload'],
        [{ users: ['Bob', 'Nobody'] }, 'not_found'],
        [{ users: 'Bob' }, 'invalid_payload'],
      ];
      for (const [payload, code] of cases) {
        const result = await request<Failure>(alice, 'dm:open', payload);
        assert.equal(result.ok, false, JSON.stringify(payload));
        assert.equal(result.error.code, code, JSON.stringify(payload));
      }
    });

    it('an admin archives a channel: read-only for everyone, history stays, and back again', async () => {
      await request(alice, 'room:create', { room: 'old-project' });
      await request(bob, 'room:join', { room: 'old-project' });
      const before = await say(alice, 'Alice', 'last words', { room: 'old-project' });
      const byMember = await request<Failure>(alice, 'room:archive', {
        room: 'old-project',
        archived: true,
      });
      assert.equal(byMember.error.code, 'forbidden');
      const heard = waitForEvent<{ room: string; archived?: boolean }>(
        bob,
        'room:updated',
        (update) => update.room === 'old-project',
      );
      const archived = await request<Ack>(admin, 'room:archive', {
        room: 'old-project',
        archived: true,
      });
      assert.equal(archived.ok, true);
      assert.deepEqual(await heard, { room: 'old-project', archived: true });
      assert.equal((await summaryOf(carol, 'old-project'))?.archived, true);

      const writes: [string, unknown][] = [
        [
          'message:send',
          { room: 'old-project', user: 'Alice', message: 'more', clientId: newClientId() },
        ],
        ['message:edit', { id: before.id, message: 'edited' }],
        ['message:react', { id: before.id, emoji: '👍', on: true }],
        ['room:topic', { room: 'old-project', topic: 'new topic' }],
        ['typing', { room: 'old-project', typing: true }],
      ];
      for (const [event, payload] of writes) {
        const result = await request<Failure>(alice, event as 'message:send', payload);
        assert.equal(result.error.code, 'forbidden', event);
      }
      const history = await request<Ack<{ messages: Message[] }>>(bob, 'room:join', {
        room: 'old-project',
      });
      assert.deepEqual(
        history.messages.map((message) => message.message),
        ['last words'],
      );
      const found = await request<Ack<{ results: unknown[] }>>(bob, 'message:search', {
        query: 'last words',
        room: 'old-project',
      });
      assert.equal(found.results.length, 1);

      await request(admin, 'room:archive', { room: 'old-project', archived: false });
      assert.equal((await summaryOf(carol, 'old-project'))?.archived, undefined);
      await say(alice, 'Alice', 'we are back', { room: 'old-project' });
      const dm = await request<Ack<{ room: Room }>>(admin, 'dm:open', { user: 'Alice' });
      const dmArchive = await request<Failure>(admin, 'room:archive', {
        room: dm.room.name,
        archived: true,
      });
      assert.equal(dmArchive.error.code, 'forbidden');
    });

    it('the channel-creation setting limits new channels to admins', async () => {
      const erinCookie = await signIn(t.url, 'Erin');
      const asMember = await settings(t.url, erinCookie, { channelCreation: 'admins' });
      assert.equal(asMember.status, 403);
      for (const bad of [{ channelCreation: 'nobody' }, {}, { channelCreation: 'admins', x: 1 }]) {
        assert.equal((await settings(t.url, adminCookie, bad)).status, 400, JSON.stringify(bad));
      }
      const set = await settings(t.url, adminCookie, { channelCreation: 'admins' });
      assert.equal(set.status, 200);
      assert.deepEqual(await set.json(), { registration: 'open', channelCreation: 'admins' });
      const refused = await request<Failure>(alice, 'room:create', { room: 'not-allowed' });
      assert.equal(refused.error.code, 'forbidden');
      const byAdmin = await request<Ack>(admin, 'room:create', { room: 'allowed', private: true });
      assert.equal(byAdmin.ok, true);
      const read = await fetch(`${t.url}/api/admin/settings`, { headers: { cookie: adminCookie } });
      assert.deepEqual(await read.json(), { registration: 'open', channelCreation: 'admins' });
      await settings(t.url, adminCookie, { channelCreation: 'everyone' });
      assert.equal((await request<Ack>(alice, 'room:create', { room: 'allowed-again' })).ok, true);
    });

    it('notification levels change the counts and follow the person to a second socket', async () => {
      await request(bob, 'room:create', { room: 'levels' });
      await request(alice, 'room:join', { room: 'levels' });
      const plain = () => say(alice, 'Alice', 'plain news', { room: 'levels' });
      const mention = () => say(alice, 'Alice', 'hey @Bob, look', { room: 'levels' });
      assert.equal((await summaryOf(bob, 'levels'))?.notify, 'all');

      const told = waitForEvent<{ room: string; level: string }>(
        bobPhone,
        'room:notify',
        (change) => change.room === 'levels',
      );
      assert.equal(
        (await request<Ack>(bob, 'room:notify', { room: 'levels', level: 'mentions' })).ok,
        true,
      );
      assert.deepEqual(await told, { room: 'levels', level: 'mentions' });
      await plain();
      await mention();
      await plain();
      const asMentions = await summaryOf(bobPhone, 'levels');
      assert.equal(asMentions?.notify, 'mentions');
      assert.equal(asMentions.unread, 1);
      assert.equal(asMentions.mentions, 1);

      await request(bobPhone, 'room:notify', { room: 'levels', level: 'none' });
      await mention();
      const asNone = await summaryOf(bob, 'levels');
      assert.deepEqual([asNone?.notify, asNone?.unread, asNone?.mentions], ['none', 0, 0]);

      await request(bob, 'room:notify', { room: 'levels', level: 'all' });
      const asAll = await summaryOf(bob, 'levels');
      assert.deepEqual([asAll?.unread, asAll?.mentions], [4, 2]);

      for (const level of ['loud', '', null]) {
        const bad = await request<Failure>(bob, 'room:notify', { room: 'levels', level });
        assert.equal(bad.error.code, 'invalid_payload');
      }
    });
  });
}
