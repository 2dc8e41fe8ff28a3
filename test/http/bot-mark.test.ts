import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import type { Message } from '../../lib/protocol';
import {
  connectAs,
  createInbox,
  newClientId,
  postJson,
  request,
  signIn,
  startTestServer,
  type Ack,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';
import { STORAGES } from '../helpers/postgres';

/**
 * Bots and hooks are marked: every message they write carries `bot: true`, in the sender's
 * answer, in the room's broadcast and in the history; a person's never does.
 */
for (const storage of STORAGES) {
  describe(`the bot mark on messages (${storage.name})`, () => {
    let t: TestServer;
    let admin: string;
    let alice: TestClient;
    before(async () => {
      t = await startTestServer({ databaseUrl: await storage.databaseUrl() });
      admin = await signIn(t.url, 'Root');
      alice = await connectAs(t.url, 'Alice');
      await request(alice, 'room:join', { room: 'general' });
    });
    after(async () => {
      alice.close();
      await t.stop({ removeData: true });
    });

    const made = async (path: string, body: unknown) => {
      const response = await postJson(t.url, path, body, admin);
      assert.equal(response.status, 201, await response.clone().text());
      return response.json() as Promise<{ token?: string; url?: string }>;
    };
    const answered = async (response: Response) => {
      assert.ok(response.status === 201, await response.clone().text());
      return ((await response.json()) as { message: Message }).message;
    };

    it('marks what a bot posts over HTTP and over its socket, and what a hook posts', async () => {
      const { token = '' } = await made('/api/admin/bots', { name: 'Builder' });
      const { url = '' } = await made('/api/admin/hooks', { room: 'general', name: 'Alerts' });
      const inbox = createInbox(alice);

      const overHttp = await answered(
        await fetch(`${t.url}/api/rooms/general/messages`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ message: 'build 7 passed', clientId: newClientId() }),
        }),
      );
      const fromHook = await answered(
        await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'disk at 91%' }),
        }),
      );
      const socket = io(t.url, { auth: { token }, transports: ['websocket'], forceNew: true });
      try {
        const sent = (await socket.timeout(5000).emitWithAck('message:send', {
          room: 'general',
          user: 'Builder',
          message: 'over my socket',
          clientId: newClientId(),
        })) as Ack<{ message: Message }>;
        assert.ok(sent.ok);
        const person = await request<Ack<{ message: Message }>>(alice, 'message:send', {
          room: 'general',
          user: 'Alice',
          message: 'thanks, bots',
          clientId: newClientId(),
        });
        assert.ok(person.ok);

        for (const message of [overHttp, fromHook, sent.message]) assert.equal(message.bot, true);
        assert.equal('bot' in person.message, false, 'a person’s message has no mark');
        for (const message of [overHttp, fromHook, sent.message]) await inbox.waitFor(message.id);
        assert.deepEqual(
          inbox.messages.map((m) => [m.message, m.bot]),
          [
            ['build 7 passed', true],
            ['disk at 91%', true],
            ['over my socket', true],
          ],
        );
        const history = (await (
          await fetch(`${t.url}/api/rooms/general/messages`, {
            headers: { Authorization: `Bearer ${token}` },
          })
        ).json()) as { messages: Message[] };
        assert.deepEqual(
          history.messages.map((m) => [m.message, m.bot ?? false]),
          [
            ['build 7 passed', true],
            ['disk at 91%', true],
            ['over my socket', true],
            ['thanks, bots', false],
          ],
        );
      } finally {
        socket.close();
      }
    });
  });
}
