import { after, before, describe, it } from 'node:test';
import { ChatClient } from '../../lib/client/chat-client';
import { createOutbox } from '../../lib/client/outbox';
import { until } from '../helpers/client-snapshots';
import { memoryStorage, noKeptFiles } from '../helpers/memory-storage';
import {
  accountOf,
  createClient,
  signIn,
  startTestServer,
  type TestServer,
} from '../helpers/test-server';

describe('ChatClient and the tab’s visibility', () => {
  let t: TestServer;
  // The browser's document, as far as the client reads it.
  const tab = { hidden: true };
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    Reflect.deleteProperty(globalThis, 'document');
    await t.stop({ removeData: true });
  });

  it('tells the server whenever the view reports the tab shown or hidden', async () => {
    const cookie = await signIn(t.url, 'Vera');
    const client = new ChatClient({
      socket: createClient(t.url, { cookie }),
      outbox: createOutbox(memoryStorage(), 'vera', noKeptFiles),
      user: { id: (await accountOf(t.url, cookie)).id, name: 'Vera' },
      room: 'general',
    });
    client.start();
    await until(client, (s) => s.connection === 'connected');
    // Only now: socket.io-client takes a `document` for a browser when it connects.
    Reflect.defineProperty(globalThis, 'document', { value: tab, configurable: true });
    const seen = async (visible: boolean) => {
      for (;;) {
        const sockets = await t.server.io.fetchSockets();
        if (sockets.some((s) => s.data.user.name === 'Vera' && s.data.visible === visible)) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    client.setReading(false);
    await seen(false);
    tab.hidden = false;
    client.setReading(true);
    await seen(true);
    tab.hidden = true;
    client.setReading(false);
    await seen(false);
    client.stop();
  });
});
