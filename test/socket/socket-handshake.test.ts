import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectClient, signIn, startTestServer, type TestServer } from '../helpers/test-server';

describe('Socket.IO handshake', () => {
  let t: TestServer;
  let cookie: string;
  before(async () => {
    t = await startTestServer();
    cookie = await signIn(t.url, 'Alice');
  });
  after(() => t.stop({ removeData: true }));

  it('refuses a socket without a session cookie with connect_error unauthorized', async () => {
    await assert.rejects(connectClient(t.url), { message: 'unauthorized' });
  });

  it('refuses forged and malformed session cookies', async () => {
    for (const forged of ['parley_session=nope', `parley_session=${'x'.repeat(43)}`, 'other=1']) {
      await assert.rejects(connectClient(t.url, { cookie: forged }), { message: 'unauthorized' });
    }
  });

  it('accepts the session cookie over WebSocket and over long polling', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      const socket = await connectClient(t.url, { cookie, transports: [transport] });
      assert.equal(socket.connected, true);
      socket.close();
    }
  });

  it('refuses a handshake from a foreign origin, even with a valid cookie', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      await assert.rejects(
        connectClient(t.url, { cookie, origin: 'https://evil.example', transports: [transport] }),
      );
    }
  });

  it('accepts its own origin', async () => {
    const socket = await connectClient(t.url, { cookie, origin: t.url });
    socket.close();
  });
});

describe('PARLEY_ALLOWED_ORIGINS', () => {
  it("replaces the default: listed origins connect, the server's own does not", async (test) => {
    const t = await startTestServer({ allowedOrigins: ['https://chat.example.com'] });
    test.after(() => t.stop({ removeData: true }));
    const cookie = await signIn(t.url, 'Bob');
    const socket = await connectClient(t.url, { cookie, origin: 'https://chat.example.com' });
    socket.close();
    await assert.rejects(connectClient(t.url, { cookie, origin: t.url }));
  });
});
