import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../../lib/protocol';
import { openDatabase } from '../../lib/server/store/sqlite/sqlite-database';
import { SESSION_IDLE_TTL_MS } from '../../lib/server/store/session-lifetime';
import { createSqliteSessionStore } from '../../lib/server/store/sqlite/sqlite-session-store';
import { createSqliteStores } from '../../lib/server/store/sqlite/sqlite-stores';
import {
  connectClient,
  emitRaw,
  newClientId,
  postJson,
  signIn,
  startTestServer,
  tempDataDir,
} from '../helpers/test-server';

describe('restart with the same data dir', () => {
  it('keeps history, sessions and the idempotency of clientIds', async (test) => {
    const dataDir = tempDataDir();
    const first = await startTestServer({ dataDir });
    const cookie = await signIn(first.url, 'Alice');
    const socket = await connectClient(first.url, { cookie });
    const payload = {
      room: 'general',
      user: 'Alice',
      message: 'before the restart',
      clientId: newClientId(),
    };
    const sent = (await emitRaw(socket, 'message:send', payload)) as { ok: true; message: Message };
    socket.close();
    await first.stop();

    const second = await startTestServer({ dataDir });
    test.after(() => second.stop({ removeData: true }));
    const session = await fetch(`${second.url}/api/session`, { headers: { cookie } });
    assert.equal(session.status, 200, 'the session survives');
    assert.equal(await signIn(second.url, 'Bob').then(() => 'ok'), 'ok');
    const taken = await postJson(second.url, '/api/accounts', {
      name: 'alice',
      password: 'another long password',
    });
    assert.equal(taken.status, 409, 'and so does the account that holds the name');

    const again = await connectClient(second.url, { cookie });
    const joined = (await emitRaw(again, 'room:join', { room: 'general' })) as {
      messages: Message[];
    };
    assert.deepEqual(joined.messages, [sent.message]);
    const retried = await emitRaw(again, 'message:send', payload);
    assert.deepEqual(retried, sent, 'a retry after the restart is still recognised');
    const next = (await emitRaw(again, 'message:send', {
      ...payload,
      clientId: newClientId(),
    })) as {
      message: Message;
    };
    assert.ok(next.message.id > sent.message.id, 'ids keep increasing');
    again.close();
  });
});

describe('session expiry', () => {
  it('ends a session nobody has used for 30 days, and not before; the account stays', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const db = openDatabase(tempDataDir());
    const stores = createSqliteStores(db);
    const sessions = createSqliteSessionStore(db, () => now);
    const made = await stores.accounts.create({ name: 'Alice', key: 'alice', passwordHash: 'x' });
    assert.ok(made.ok);
    await sessions.create('s1', made.account.id, 'Firefox on Linux');

    now += SESSION_IDLE_TTL_MS - 60_000;
    await sessions.touch('s1'); // used just in time: the clock restarts
    now += SESSION_IDLE_TTL_MS - 60_000;
    assert.equal((await sessions.find('s1'))?.name, 'Alice');

    now += 120_000; // now idle for longer than the limit
    assert.equal(await sessions.find('s1'), undefined);
    assert.deepEqual(await sessions.list(made.account.id), []);
    assert.equal((await stores.accounts.findByKey('alice'))?.name, 'Alice');
    await stores.close();
  });
});
