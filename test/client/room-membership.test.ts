import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatClient } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import { until } from '../helpers/client-snapshots';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';
import {
  accountOf,
  connectAs,
  createClient,
  request,
  say,
  signIn,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

describe('ChatClient and the rooms it belongs to', () => {
  let t: TestServer;
  let alice: TestClient;
  before(async () => {
    t = await startTestServer();
    alice = await connectAs(t.url, 'Alice');
  });
  after(async () => {
    alice.close();
    await t.stop({ removeData: true });
  });

  async function startClient(name: string, room: string) {
    const cookie = await signIn(t.url, name);
    const client = new ChatClient({
      socket: createClient(t.url, { cookie }),
      outbox: createOutbox(memoryStorage(), name.toLowerCase(), noKeptFiles),
      user: { id: (await accountOf(t.url, cookie)).id, name },
      room,
    });
    client.start();
    await until(client, (s) => s.connection === 'connected');
    return client;
  }

  it('shows a private channel once added, and leaves it (to #general) once removed', async () => {
    await request(alice, 'room:create', { room: 'inner-circle', private: true });
    const bob = await startClient('Bob', 'inner-circle');
    await until(bob, (s) => s.roomError !== undefined);
    assert.equal(
      bob.getSnapshot().rooms.some((room) => room.name === 'inner-circle'),
      false,
    );

    await request(alice, 'member:add', { room: 'inner-circle', user: 'Bob' });
    const added = await until(bob, (s) => s.rooms.some((room) => room.name === 'inner-circle'));
    assert.equal(added.rooms.find((room) => room.name === 'inner-circle')?.private, true);
    // The room on screen said "not open to you": being added opens it.
    await until(bob, (s) => s.room === 'inner-circle' && s.roomError === undefined);

    await request(alice, 'member:remove', { room: 'inner-circle', user: 'Bob' });
    const removed = await until(bob, (s) => !s.rooms.some((room) => room.name === 'inner-circle'));
    assert.equal(removed.room, 'general');
    bob.stop();
  });

  it('counts live messages as the room’s level says, and recounts when it changes', async () => {
    await request(alice, 'room:join', { room: 'general' });
    const carol = await startClient('Carol', 'general');
    const general = () => carol.getSnapshot().rooms.find((room) => room.name === 'general');
    await until(carol, () => general()?.joined === true);
    await request(alice, 'room:create', { room: 'quiet-one' });
    const requests = (await import('../../lib/client/room-requests')).roomRequests(carol);
    await requests.addMember('quiet-one', 'Carol');
    await until(carol, (s) => s.rooms.some((room) => room.name === 'quiet-one'));
    assert.equal(await requests.setNotify('quiet-one', 'mentions'), undefined);
    const quiet = () => carol.getSnapshot().rooms.find((room) => room.name === 'quiet-one');
    await until(carol, () => quiet()?.notify === 'mentions');

    await say(alice, 'Alice', 'plain, not counted', { room: 'quiet-one' });
    const mention = await say(alice, 'Alice', 'counted, @Carol', { room: 'quiet-one' });
    const counted = await until(carol, () => (quiet()?.lastId ?? 0) >= mention.id);
    const entry = counted.rooms.find((room) => room.name === 'quiet-one');
    assert.deepEqual([entry?.unread, entry?.mentions], [1, 1]);

    await requests.setNotify('quiet-one', 'all');
    await until(carol, () => quiet()?.notify === 'all' && quiet()?.unread === 2);
    carol.stop();
  });
});
