import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { ChatClient, type ChatSnapshot } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import type { Timers } from '../../lib/client/typing-tracker';
import { TOO_MANY_CONNECTIONS } from '../../lib/protocol';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';
import {
  connectClient,
  createClient,
  request,
  accountOf,
  signIn,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

const LIMITS = { perSession: 2, perAddress: 4 };

/** Closes `client` and resolves once the server has seen it go (and released its places). */
async function closeAndWait(t: TestServer, client: TestClient): Promise<void> {
  const onServer = t.server.io.sockets.sockets.get(client.id ?? '');
  assert.ok(onServer !== undefined);
  const gone = once(onServer, 'disconnect');
  client.close();
  await gone;
}

describe('connection limits', () => {
  let t: TestServer;
  const open: TestClient[] = [];
  before(async () => (t = await startTestServer({ connectionLimits: LIMITS })));
  after(async () => {
    for (const client of open) client.close();
    await t.stop({ removeData: true });
  });

  /** Each test leaves no socket behind, so the next starts with every place free. */
  const closeAll = async () => {
    for (const client of open.splice(0)) if (client.connected) await closeAndWait(t, client);
  };

  const connect = async (cookie: string, localAddress?: string) => {
    const client = await connectClient(t.url, { cookie, localAddress });
    open.push(client);
    return client;
  };

  it(`refuses a session's socket past ${LIMITS.perSession} with too_many_connections, until one closes`, async () => {
    const cookie = await signIn(t.url, 'Tabby');
    const first = await connect(cookie);
    await connect(cookie);
    await assert.rejects(connect(cookie), { message: TOO_MANY_CONNECTIONS });
    // The refusal took no place: after one tab closes, exactly one more gets in.
    await closeAndWait(t, first);
    open.splice(open.indexOf(first), 1);
    const third = await connect(cookie);
    assert.equal(
      (await request<{ ok: boolean }>(third, 'room:join', { room: 'general' })).ok,
      true,
    );
    await assert.rejects(connect(cookie), { message: TOO_MANY_CONNECTIONS });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /parley_rate_limited_total\{limit="connections"\} 2\b/);
    await closeAll();
  });

  it(`refuses an address's socket past ${LIMITS.perAddress}, while other addresses get in`, async () => {
    const cookies = await Promise.all(
      ['Ann', 'Ben', 'Cid', 'Dot', 'Eve'].map((name) => signIn(t.url, name)),
    );
    const fromHere = await Promise.all(cookies.slice(0, 4).map((cookie) => connect(cookie)));
    assert.equal(fromHere.length, LIMITS.perAddress);
    const fifth = cookies[4] ?? '';
    await assert.rejects(connect(fifth), { message: TOO_MANY_CONNECTIONS });
    // The same person from another machine is welcome.
    const elsewhere = await connect(fifth, '127.0.0.2');
    assert.equal(elsewhere.connected, true);
    await closeAll();
  });

  it('the browser client retries a refused handshake by itself, and gets in once there is room', async () => {
    const cookie = await signIn(t.url, 'Retry Rita');
    const tabs = [await connect(cookie), await connect(cookie)];
    // Handshake retries fire when the test says so, not when the clock does.
    const pending: (() => void)[] = [];
    const timers: Timers = {
      setTimeout: (callback) => pending.push(callback),
      clearTimeout: () => undefined,
    };
    const socket = createClient(t.url, { cookie });
    const client = new ChatClient({
      socket,
      outbox: createOutbox(memoryStorage(), 'retry rita', noKeptFiles),
      user: await accountOf(t.url, cookie),
      room: 'general',
      timers,
    });
    const refused = new Promise<ChatSnapshot>((resolve) => {
      const unsubscribe = client.subscribe(() => {
        if (client.getSnapshot().connection !== 'reconnecting') return;
        unsubscribe();
        resolve(client.getSnapshot());
      });
    });
    client.start();
    assert.equal((await refused).connection, 'reconnecting');
    assert.equal(pending.length, 1, 'one retry is scheduled');
    assert.equal(socket.connected, false);

    await closeAndWait(t, tabs[0] ?? socket);
    const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    pending.shift()?.();
    await connected;
    assert.equal(socket.connected, true);
    client.stop();
    await closeAll();
  });
});
