import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Presence } from '../../lib/protocol';
import { PRESENCE_NAMES_LIMIT } from '../../lib/server/socket/presence';
import {
  connectAs,
  connectClient,
  request,
  signIn,
  startTestServer,
  waitForEvent,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

const inGeneral = (users: string[]) => (p: Presence) =>
  p.room === 'general' && JSON.stringify(p.users) === JSON.stringify(users);

/** Every `presence` for #general a socket receives from now on. */
function recordPresence(socket: TestClient): string[][] {
  const seen: string[][] = [];
  socket.on('presence', (p) => {
    if (p.room === 'general') seen.push(p.users);
  });
  return seen;
}

async function joined(url: string, cookie: string): Promise<TestClient> {
  const socket = await connectClient(url, { cookie });
  await request(socket, 'room:join', { room: 'general' });
  return socket;
}

describe('presence', () => {
  const servers: TestServer[] = [];
  const sockets: TestClient[] = [];
  after(async () => {
    for (const socket of sockets) socket.close();
    for (const server of servers) await server.stop({ removeData: true });
  });

  it('counts people, not sockets: three tabs are one entry, and closing two changes nothing', async () => {
    // A long grace period, so only a real leave could remove anyone during the test.
    const t = await startTestServer({ presence: { leaveGraceMs: 60_000, flushMs: 10 } });
    servers.push(t);
    const bob = await connectAs(t.url, 'Bob');
    sockets.push(bob);
    const seen = recordPresence(bob);
    const sawBoth = waitForEvent(bob, 'presence', inGeneral(['Alice', 'Bob']));
    await request(bob, 'room:join', { room: 'general' });

    const cookie = await signIn(t.url, 'Alice');
    const tabs = [
      await joined(t.url, cookie),
      await joined(t.url, cookie),
      await joined(t.url, cookie),
    ];
    sockets.push(...tabs);
    await sawBoth;
    tabs[0]?.close();
    tabs[1]?.close();

    // Carol's arrival is the next change Bob sees; nothing before it may have dropped Alice.
    const sawCarol = waitForEvent(bob, 'presence', inGeneral(['Alice', 'Bob', 'Carol']));
    sockets.push(await joined(t.url, await signIn(t.url, 'Carol')));
    await sawCarol;
    for (const users of seen) {
      assert.equal(new Set(users).size, users.length, `duplicates in ${users.join(',')}`);
      if (users.includes('Bob') && users.length > 1) assert.ok(users.includes('Alice'));
    }
  });

  it('does not announce a reload: a reconnect within the grace period is neither leave nor join', async () => {
    const t = await startTestServer({ presence: { leaveGraceMs: 60_000, flushMs: 10 } });
    servers.push(t);
    const bob = await connectAs(t.url, 'Bob');
    sockets.push(bob);
    await request(bob, 'room:join', { room: 'general' });
    const cookie = await signIn(t.url, 'Alice');
    const sawAlice = waitForEvent(bob, 'presence', inGeneral(['Alice', 'Bob']));
    const first = await joined(t.url, cookie);
    await sawAlice;

    const seen = recordPresence(bob);
    first.close();
    sockets.push(await joined(t.url, cookie)); // the reload
    const sawCarol = waitForEvent(bob, 'presence', inGeneral(['Alice', 'Bob', 'Carol']));
    sockets.push(await joined(t.url, await signIn(t.url, 'Carol')));
    await sawCarol;
    assert.deepEqual(seen, [['Alice', 'Bob', 'Carol']]);
  });

  it('announces a person who left for good, and tells a newcomer who is there', async () => {
    const t = await startTestServer({ presence: { leaveGraceMs: 0, flushMs: 10 } });
    servers.push(t);
    const bob = await connectAs(t.url, 'Bob');
    sockets.push(bob);
    const alone = waitForEvent(bob, 'presence', inGeneral(['Bob']));
    await request(bob, 'room:join', { room: 'general' });
    await alone;

    const alice = await connectAs(t.url, 'Alice');
    const aliceSees = waitForEvent(alice, 'presence', inGeneral(['Alice', 'Bob']));
    await request(alice, 'room:join', { room: 'general' });
    await aliceSees;

    const left = waitForEvent(bob, 'presence', inGeneral(['Bob']));
    alice.close();
    await left;
  });

  it('tells only the two members who is online in a DM', async () => {
    const t = await startTestServer({ presence: { leaveGraceMs: 0, flushMs: 10 } });
    servers.push(t);
    const alice = await connectAs(t.url, 'Alice');
    const bob = await connectAs(t.url, 'Bob');
    sockets.push(alice, bob);
    const opened = await request<{ room: { name: string } }>(alice, 'dm:open', { user: 'Bob' });
    const both = await waitForEvent<Presence>(
      bob,
      'presence',
      (p) => p.room === opened.room.name && p.users.length === 2,
    );
    assert.deepEqual(both.users, ['Alice', 'Bob']);
  });
});

describe('presence in a crowd', () => {
  it('names at most 100 people and counts them all', async () => {
    const t = await startTestServer({ presence: { leaveGraceMs: 60_000, flushMs: 10 } });
    const observer = await connectAs(t.url, 'Observer');
    await request(observer, 'room:join', { room: 'general' });
    const everyone = PRESENCE_NAMES_LIMIT + 6;
    const sawEveryone = waitForEvent<Presence & { count: number }>(
      observer,
      'presence',
      (p) => p.room === 'general' && p.count === everyone,
    );
    const crowd: TestClient[] = [];
    for (let i = 0; i < PRESENCE_NAMES_LIMIT + 5; i++) {
      const socket = await connectAs(t.url, `Person ${String(i).padStart(3, '0')}`);
      await request(socket, 'room:join', { room: 'general' });
      crowd.push(socket);
    }
    const full = await sawEveryone;
    assert.equal(full.users.length, PRESENCE_NAMES_LIMIT);
    assert.deepEqual(
      full.users,
      [...full.users].sort((a, b) => a.localeCompare(b, 'en')),
    );
    for (const socket of crowd) socket.close();
    observer.close();
    await t.stop({ removeData: true });
  });
});
