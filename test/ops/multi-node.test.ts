/**
 * Several nodes behind nginx, on one PostgreSQL and one Redis: the shipped server, three times,
 * behind the repository's own nginx configuration. Every promise of one node holds across them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Presence, TypingEvent } from '../../lib/protocol';
import {
  signInAsNewAddress,
  startNginx,
  startNode,
  startRedis,
  stickyNode,
  type TestNginx,
  type TestRedis,
} from '../helpers/cluster';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { exited, isRunning, type ServerProcess } from '../helpers/server-process';
import {
  accountOf,
  connectClient,
  emitRaw,
  newClientId,
  request,
  waitForEvent,
  type Ack,
  type TestClient,
} from '../helpers/test-server';
import { readAll, startWriter, until, type Writer } from '../helpers/writers';
import { startS3, type TestS3 } from '../helpers/s3';
import { getFile, upload } from '../helpers/uploads';

const MESSAGES_EACH = 24;

describe('several nodes behind nginx on PostgreSQL and Redis', () => {
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let s3: TestS3 | undefined;
  let nodes: ServerProcess[] = [];
  let nginx: TestNginx | undefined;
  const sockets: TestClient[] = [];
  let adminCookie = '';

  before(async () => {
    const db = await createTestDatabase();
    database = db;
    const cache = await startRedis();
    redis = cache;
    const bucket = await startS3();
    s3 = bucket;
    const env = {
      databaseUrl: db.url,
      redisUrl: cache.url,
      redisPrefix: `parley-test-${process.pid}:`,
      s3: bucket.env,
    };
    // One first, so the schema is migrated once; then the others at once.
    const first = await startNode(env);
    nodes = [first, ...(await Promise.all([startNode(env), startNode(env)]))];
    nginx = await startNginx(nodes.map((node) => node.port));
    // The first account is the admin; the others are members.
    adminCookie = await signInAsNewAddress(first.url, 'Root');
  });

  // Stops only what setup got to start (whatever this misses, the helpers kill at the file's end).
  after(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    for (const node of nodes) {
      if (isRunning(node.child)) {
        node.child.kill('SIGTERM');
        await exited(node.child);
      }
    }
    await redis?.stop();
    await s3?.stop();
    await database?.drop();
  });

  /** What setup started; a test runs only after setup succeeded. */
  function started<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('setup did not finish');
    return value;
  }

  const node = (index: number): ServerProcess => {
    const found = nodes[index];
    if (found === undefined) throw new Error(`no node ${index}`);
    return found;
  };

  /** `name`, signed in at node `index` and connected there, in #general. */
  async function personOn(index: number, name: string): Promise<TestClient> {
    const { url } = node(index);
    const socket = await connectClient(url, { cookie: await signInAsNewAddress(url, name) });
    sockets.push(socket);
    await emitRaw(socket, 'room:join', { room: 'general' });
    return socket;
  }

  function send(socket: TestClient, user: string, room: string, message: string) {
    return request<Ack<{ message: Message }>>(socket, 'message:send', {
      room,
      user,
      message,
      clientId: newClientId(),
    });
  }

  it('lets people on different nodes talk live in channels and DMs', async () => {
    const alice = await personOn(0, 'Alice');
    const bob = await personOn(1, 'Bob');

    const heard = waitForEvent<Message>(bob, 'message:new', (m) => m.message === 'hi from A');
    const sent = await send(alice, 'Alice', 'general', 'hi from A');
    assert.equal(sent.ok, true);
    assert.equal((await heard).id, sent.message.id);

    const dm = await request<Ack<{ room: { name: string } }>>(bob, 'dm:open', { user: 'Alice' });
    assert.equal(dm.ok, true);
    const private_ = waitForEvent<Message>(alice, 'message:new', (m) => m.room === dm.room.name);
    const reply = await send(bob, 'Bob', dm.room.name, 'a secret from B');
    assert.equal(reply.ok, true);
    assert.equal((await private_).message, 'a secret from B');
  });

  it('keeps files in S3-compatible storage: uploaded through one node, served by another', async () => {
    const bucket = started(s3);
    const { url: urlA } = node(0);
    const { url: urlB } = node(1);
    const aliceCookie = await signInAsNewAddress(urlA, 'Fran');
    const alice = await connectClient(urlA, { cookie: aliceCookie });
    sockets.push(alice);
    const bobCookie = await signInAsNewAddress(urlB, 'Gus');
    const bob = await connectClient(urlB, { cookie: bobCookie });
    sockets.push(bob);
    await emitRaw(alice, 'room:join', { room: 'general' });
    await emitRaw(bob, 'room:join', { room: 'general' });

    const before = bucket.objectCount();
    const stored = await upload(urlA, aliceCookie, 'report.txt', new TextEncoder().encode('q3'));
    assert.equal(bucket.objectCount(), before + 1, 'the file is not in the bucket');
    const heard = waitForEvent<Message>(bob, 'message:new', (m) => m.message === 'the report');
    const sent = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: 'general',
      user: 'Fran',
      message: 'the report',
      clientId: newClientId(),
      attachments: [stored.id],
    });
    assert.equal(sent.ok, true);
    const url = (await heard).attachments[0]?.url ?? '';
    const fromB = await getFile(urlB, url, bobCookie);
    assert.equal(fromB.status, 200);
    assert.equal(await fromB.text(), 'q3');
    const part = await getFile(urlB, url, bobCookie, { range: 'bytes=1-1' });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), '3');

    // Deleted through node A: the object leaves the bucket before the delete is acknowledged.
    const deleted = await request<Ack>(alice, 'message:delete', { id: sent.message.id });
    assert.equal(deleted.ok, true);
    assert.equal(bucket.objectCount(), before);
    assert.equal((await getFile(urlA, url, aliceCookie)).status, 404);
  });

  it('shares presence and typing across nodes, counting people', async () => {
    const carol = await personOn(0, 'Carol');
    const seesDave = waitForEvent<Presence>(
      carol,
      'presence',
      (p) => p.room === 'general' && p.users.includes('Dave'),
    );
    const dave = await personOn(2, 'Dave');
    const presence = await seesDave;
    assert.ok(presence.users.includes('Carol'), 'merged with the local node');
    assert.equal(presence.count, presence.users.length);

    // A second tab of Carol's on another node is still one person.
    const carolAgain = await connectClient(node(1).url, {
      cookie: carol.io.opts.extraHeaders?.cookie,
    });
    sockets.push(carolAgain);

    const typing = waitForEvent<TypingEvent>(carol, 'typing', (t) => t.user === 'Dave');
    dave.emit('typing', { room: 'general', typing: true });
    assert.deepEqual(await typing, { room: 'general', user: 'Dave', typing: true });

    // Dave leaves (after the grace period): Carol's node hears it from Dave's.
    const daveGone = waitForEvent<Presence>(
      carol,
      'presence',
      (p) => p.room === 'general' && !p.users.includes('Dave'),
    );
    dave.close();
    const without = await daveGone;
    assert.equal(without.users.filter((name) => name === 'Carol').length, 1);
  });

  it('a deactivation on one node disconnects the account on every node; a rename reaches them all', async () => {
    const cookie = await signInAsNewAddress(node(1).url, 'Eve');
    const { id } = await accountOf(node(1).url, cookie);
    const onOne = await connectClient(node(1).url, { cookie });
    const onTwo = await connectClient(node(2).url, { cookie });
    sockets.push(onOne, onTwo);
    const gina = await personOn(2, 'Gina');
    await emitRaw(onOne, 'room:join', { room: 'general' });

    // Renamed through node 0: Gina, on node 2, hears it.
    const renamed = waitForEvent<{ id: number; name: string }>(
      gina,
      'user:updated',
      (update) => update.id === id,
    );
    const rename = await fetch(`${node(0).url}/api/account`, {
      method: 'PATCH',
      headers: { cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Evelyn' }),
    });
    assert.equal(rename.status, 200);
    assert.deepEqual(await renamed, { id, name: 'Evelyn' });

    const gone = [onOne, onTwo].map(
      (socket) => new Promise((resolve) => socket.once('disconnect', resolve)),
    );
    const deactivated = await fetch(`${node(0).url}/api/admin/users/${id}`, {
      method: 'PATCH',
      headers: { cookie: adminCookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ deactivated: true }),
    });
    assert.equal(deactivated.status, 200);
    await Promise.all(gone);
    await assert.rejects(connectClient(node(2).url, { cookie }), { message: 'unauthorized' });
  });

  it('a private channel: removal on one node cuts the member off on every node at once', async () => {
    const owner = await personOn(0, 'Hana');
    const memberCookie = await signInAsNewAddress(node(1).url, 'Ivan');
    const onOne = await connectClient(node(1).url, { cookie: memberCookie });
    const onTwo = await connectClient(node(2).url, { cookie: memberCookie });
    sockets.push(onOne, onTwo);
    const made = await request<Ack>(owner, 'room:create', { room: 'crossnode', private: true });
    assert.equal(made.ok, true);
    const added = [onOne, onTwo].map((socket) =>
      waitForEvent<{ room: string; joined: boolean }>(
        socket,
        'room:membership',
        (change) => change.room === 'crossnode' && change.joined,
      ),
    );
    await request(owner, 'member:add', { room: 'crossnode', user: 'Ivan' });
    await Promise.all(added);
    const heard = [onOne, onTwo].map((socket) =>
      waitForEvent<Message>(socket, 'message:new', (m) => m.message === 'for Ivan'),
    );
    await send(owner, 'Hana', 'crossnode', 'for Ivan');
    await Promise.all(heard);

    const removed = [onOne, onTwo].map((socket) =>
      waitForEvent<{ room: string; joined: boolean }>(
        socket,
        'room:membership',
        (change) => change.room === 'crossnode' && !change.joined,
      ),
    );
    await request(owner, 'member:remove', { room: 'crossnode', user: 'Ivan' });
    await Promise.all(removed);
    const seen = [onOne, onTwo].map((socket) => {
      const rooms: string[] = [];
      socket.on('message:new', (message) => rooms.push(message.room));
      return rooms;
    });
    await send(owner, 'Hana', 'crossnode', 'not for Ivan');
    // Then a #general message both sockets hear: anything sent before it has arrived.
    for (const socket of [onOne, onTwo]) await emitRaw(socket, 'room:join', { room: 'general' });
    const barrier = [onOne, onTwo].map((socket) =>
      waitForEvent<Message>(socket, 'message:new', (m) => m.message === 'after removal'),
    );
    await send(owner, 'Hana', 'general', 'after removal');
    await Promise.all(barrier);
    assert.deepEqual(seen, [['general'], ['general']]);
    const join = await request<{ ok: boolean }>(onTwo, 'room:join', { room: 'crossnode' });
    assert.equal(join.ok, false);
  });

  it('counts a rate limit across nodes', async () => {
    // Ten sign-ins a minute per address, wherever they land.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${node(i % 3).url}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.99.0.1' },
        body: JSON.stringify({ name: `Limited ${i}`, password: 'not anyone’s password' }),
      });
      statuses.push(response.status);
    }
    assert.deepEqual(statuses, [...Array<number>(10).fill(401), 429, 429]);
  });

  /** Writers, one per node or all through nginx, each with a session from a node of its own. */
  async function startWriters(names: string[], viaNginx: boolean): Promise<Writer[]> {
    return Promise.all(
      names.map(async (name, i) => {
        const home = node(i % 3).url;
        const cookie = await signInAsNewAddress(home, name);
        return startWriter(viaNginx ? started(nginx).url : home, name, cookie);
      }),
    );
  }

  /** Sends each writer's burst, survives `fault` mid-burst, and checks nothing was lost. */
  async function burstThrough(writers: Writer[], fault: () => Promise<void>) {
    try {
      return await checkBurst(writers, fault);
    } finally {
      for (const { client, socket } of writers) {
        client.stop();
        socket.close();
      }
    }
  }

  async function checkBurst(writers: Writer[], fault: () => Promise<void>) {
    await Promise.all(
      writers.map(({ client }) => until(client, (s) => s.connection === 'connected')),
    );
    for (const { client, name } of writers) {
      for (let i = 0; i < MESSAGES_EACH; i++) client.sending.send(`${name} message ${i}`);
    }
    // The fault lands mid-burst: once some messages are acked, before all are.
    await Promise.race(writers.map(({ client }) => until(client, (s) => s.messages.length > 2)));
    await fault();
    await Promise.all(writers.map(({ client }) => until(client, (s) => s.pending.length === 0)));

    const auditor = node(nodes.findIndex((n) => isRunning(n.child)));
    const stored = await readAll(
      auditor.url,
      await signInAsNewAddress(auditor.url, `Auditor ${writers[0]?.name ?? ''}`),
    );
    const names = new Set(writers.map((w) => w.name));
    const ours = stored.filter((m) => names.has(m.user));
    for (const { name } of writers) {
      // Every message exactly once, in the order written.
      assert.deepEqual(
        ours.filter((m) => m.user === name).map((m) => m.message),
        Array.from({ length: MESSAGES_EACH }, (_, i) => `${name} message ${i}`),
      );
    }
    assert.ok(ours.every((m, i) => i === 0 || m.id > (ours[i - 1]?.id ?? 0)));
    // Every client's view heals to the same list, in the same order: live events, and
    // catch-up for whatever the fault cut off.
    const ids = ours.map((m) => m.id);
    for (const { client } of writers) {
      const view = () =>
        client
          .getSnapshot()
          .messages.filter((m) => names.has(m.user))
          .map((m) => m.id);
      await until(client, () => view().length >= ids.length);
      assert.deepEqual(view(), ids);
    }
    return ours.length;
  }

  it('gives every client the same ordered view when all nodes take sends at once', async () => {
    const writers = await startWriters(['Node0 writer', 'Node1 writer', 'Node2 writer'], false);
    const stored = await burstThrough(writers, () => Promise.resolve());
    assert.equal(stored, 3 * MESSAGES_EACH);
  });

  it('loses nothing when Redis restarts during traffic', async () => {
    const writers = await startWriters(['Redis A', 'Redis B', 'Redis C'], true);
    await burstThrough(writers, () => started(redis).restart());
  });

  it('loses and doubles nothing when a node is killed while its clients send', async () => {
    const writers = await startWriters(['Kill A', 'Kill B', 'Kill C', 'Kill D'], true);
    // The node nginx sends the first writer to (sticky by session): it dies mid-burst.
    const port = await stickyNode(started(nginx).url, writersCookie(writers[0]));
    const doomed = nodes.find((n) => n.port === port);
    assert.ok(doomed !== undefined, `no node on port ${port}`);
    await burstThrough(writers, async () => {
      doomed.child.kill('SIGKILL');
      await exited(doomed.child);
    });
  });
});

function writersCookie(writer: Writer | undefined): string {
  return writer?.socket.io.opts.extraHeaders?.cookie ?? '';
}
