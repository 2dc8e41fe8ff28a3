import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Room, RoomSummary } from '../../lib/protocol';
import {
  connectAs,
  nextEvent,
  request,
  startTestServer,
  TEST_LIMITS,
  type TestClient,
  type TestServer,
  type Ack,
  type Failure,
} from '../helpers/test-server';

describe('channels', () => {
  let t: TestServer;
  let alice: TestClient;
  let bob: TestClient;
  before(async () => {
    t = await startTestServer({
      limits: { ...TEST_LIMITS, create: { burst: 3, perSecond: 0.001 } },
    });
    alice = await connectAs(t.url, 'Alice');
    bob = await connectAs(t.url, 'Bob');
  });
  after(async () => {
    alice.close();
    bob.close();
    await t.stop({ removeData: true });
  });

  it('creates a channel, tells everyone, and refuses a second one of the same name', async () => {
    const announced = nextEvent<Room>(bob, 'room:created');
    const created = await request<Ack<{ room: Room }>>(alice, 'room:create', { room: 'random' });
    assert.deepEqual(created, { ok: true, room: { name: 'random', kind: 'channel' } });
    assert.deepEqual(await announced, { name: 'random', kind: 'channel' });

    const again = await request<Failure>(bob, 'room:create', { room: 'random' });
    assert.equal(again.ok, false);
    assert.equal(again.error.code, 'conflict');
    const general = await request<Failure>(bob, 'room:create', { room: 'general' });
    assert.equal(general.error.code, 'conflict');
  });

  it('lists every channel, #general first, with the creator already a member', async () => {
    await request(bob, 'room:create', { room: 'announcements' });
    const list = await request<Ack<{ rooms: RoomSummary[] }>>(alice, 'room:list', {});
    assert.equal(list.ok, true);
    assert.deepEqual(
      list.rooms.map((room) => [room.name, room.kind]),
      [
        ['general', 'channel'],
        ['announcements', 'channel'],
        ['random', 'channel'],
      ],
    );
    const random = list.rooms.find((room) => room.name === 'random');
    assert.deepEqual(random, {
      name: 'random',
      kind: 'channel',
      joined: true,
      unread: 0,
      mentions: 0,
      lastReadId: 0,
      lastId: 0,
      topic: '',
      notify: 'all',
    });
    assert.equal(list.rooms.find((room) => room.name === 'announcements')?.joined, false);
  });

  it('refuses names that break the rules, and the reserved dm- prefix', async () => {
    for (const room of ['', 'Caps', 'has space', 'a'.repeat(33), 'dm-abc', '-lead', 42, null]) {
      const result = await request<Failure>(alice, 'room:create', { room });
      assert.equal(result.ok, false, `accepted ${JSON.stringify(room)}`);
      assert.equal(result.error.code, 'invalid_payload');
    }
    const missing = await request<Failure>(alice, 'room:create', {});
    assert.equal(missing.error.code, 'invalid_payload');
  });

  it('limits how fast one person creates channels', async () => {
    // Alice has created one of her 3; two more pass, the next is refused and stores nothing.
    assert.equal((await request<Ack>(alice, 'room:create', { room: 'one' })).ok, true);
    assert.equal((await request<Ack>(alice, 'room:create', { room: 'two' })).ok, true);
    const refused = await request<Failure>(alice, 'room:create', { room: 'three' });
    assert.equal(refused.error.code, 'rate_limited');
    const list = await request<Ack<{ rooms: RoomSummary[] }>>(bob, 'room:list', {});
    assert.equal(
      list.rooms.some((room) => room.name === 'three'),
      false,
    );
  });

  it('keeps channels across a restart', async () => {
    const dataDir = t.dataDir;
    alice.close();
    bob.close();
    await t.stop();
    t = await startTestServer({ dataDir });
    alice = await connectAs(t.url, 'Alice2');
    bob = await connectAs(t.url, 'Bob2');
    const list = await request<Ack<{ rooms: RoomSummary[] }>>(alice, 'room:list', {});
    assert.ok(list.rooms.some((room) => room.name === 'random'));
    const join = await request<Ack>(alice, 'room:join', { room: 'random' });
    assert.equal(join.ok, true);
  });
});
