/**
 * Web push across two nodes on one PostgreSQL and one Redis: the nodes agree on one VAPID pair
 * without configuration, and a visible tab on one node holds the pushes another node decides.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Message, Room } from '../../lib/protocol';
import { signInAsNewAddress, startNode, startRedis, type TestRedis } from '../helpers/cluster';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { startPushService, type PushService } from '../helpers/push-service';
import { exited, isRunning, type ServerProcess } from '../helpers/server-process';
import {
  connectClient,
  postJson,
  request,
  say,
  tempDataDir,
  type Ack,
  type TestClient,
} from '../helpers/test-server';

describe('web push on several nodes', () => {
  let database: TestDatabase | undefined;
  let redis: TestRedis | undefined;
  let service: PushService | undefined;
  let nodes: ServerProcess[] = [];
  const sockets: TestClient[] = [];

  before(async () => {
    const db = await createTestDatabase();
    database = db;
    const cache = await startRedis();
    redis = cache;
    const first = { url: '' };
    const push = await startPushService(async () => {
      const response = await fetch(`${first.url}/api/push/key`);
      return ((await response.json()) as { publicKey: string }).publicKey;
    });
    service = push;
    const caFile = path.join(tempDataDir(), 'push-ca.pem');
    writeFileSync(caFile, push.ca);
    const env = {
      databaseUrl: db.url,
      redisUrl: cache.url,
      redisPrefix: `parley-push-${process.pid}:`,
      extra: { PARLEY_PUSH_ALLOW_PRIVATE: '1', NODE_EXTRA_CA_CERTS: caFile },
    };
    const a = await startNode(env);
    first.url = a.url;
    nodes = [a, await startNode(env)];
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    for (const node of nodes) {
      if (isRunning(node.child)) {
        node.child.kill('SIGTERM');
        await exited(node.child);
      }
    }
    await redis?.stop();
    await service?.close();
    await database?.drop();
  });

  it('shares one VAPID key, and a visible tab on another node holds a push', async () => {
    const [a, b] = nodes;
    assert.ok(a !== undefined && b !== undefined && service !== undefined);
    const keys = await Promise.all(
      nodes.map(
        async (node) =>
          (
            (await (await fetch(`${node.url}/api/push/key`)).json()) as {
              publicKey: string;
            }
          ).publicKey,
      ),
    );
    assert.equal(new Set(keys).size, 1);

    const aliceCookie = await signInAsNewAddress(a.url, 'Alice');
    const bobCookie = await signInAsNewAddress(a.url, 'Bob');
    // Carol has no open tab: her push says the message's pushes were decided.
    const carolCookie = await signInAsNewAddress(a.url, 'Carol');
    for (const [cookie, id] of [
      [bobCookie, 'bob'],
      [carolCookie, 'carol'],
    ] as const) {
      const browser = service.subscription(id);
      const subscribed = await postJson(a.url, '/api/push/subscriptions', browser.json, cookie);
      assert.equal(subscribed.status, 201);
    }

    const alice = await connectClient(a.url, { cookie: aliceCookie });
    sockets.push(alice);
    // Bob looks at Parley through the other node.
    const bob = await connectClient(b.url, { cookie: bobCookie });
    sockets.push(bob);
    await request(bob, 'tab:visibility', { visible: true });
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', {
      users: ['Bob', 'Carol'],
    });
    const room = opened.room.name;
    const pushOf = (id: string, message: Message) =>
      service?.waitFor((p) => p.id === id && p.payload.messageId === message.id);

    const unseen = await say(alice, 'Alice', 'you are looking', { room });
    await pushOf('carol', unseen);
    await request(bob, 'tab:visibility', { visible: false });
    const seen = await say(alice, 'Alice', 'you looked away', { room });
    const push = await pushOf('bob', seen);
    assert.equal(push?.payload.count, 1);
    assert.equal(
      service.received.some((p) => p.id === 'bob' && p.payload.messageId === unseen.id),
      false,
    );
    assert.deepEqual(service.refused, []);
  });
});
