import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '../lib/protocol';
import {
  connectClient,
  emitRaw,
  newClientId,
  signIn,
  startTestServer,
  tempDataDir,
} from './helpers/test-server';

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
    const taken = await fetch(`${second.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'alice' }),
    });
    assert.equal(taken.status, 409, 'and so does its hold on the name');

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
