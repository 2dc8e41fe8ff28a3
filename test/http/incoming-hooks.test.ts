import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room } from '../../lib/protocol';
import { createLogger } from '../../lib/server/logger';
import {
  connectAs,
  createInbox,
  postJson,
  request,
  signIn,
  startTestServer,
  type Ack,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

describe('incoming webhooks', () => {
  let t: TestServer;
  let admin: string;
  let alice: TestClient;
  const lines: string[] = [];

  const makeHook = async (room: string, name: string) => {
    const response = await postJson(t.url, '/api/admin/hooks', { room, name }, admin);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as {
      hook: { id: number; name: string; room: string };
      url: string;
    };
  };
  const send = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    t = await startTestServer({
      log: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    admin = await signIn(t.url, 'Root');
    alice = await connectAs(t.url, 'Alice');
    await request(alice, 'room:join', { room: 'general' });
  });
  after(async () => {
    alice.close();
    await t.stop({ removeData: true });
  });

  it('posts {message} and Slack’s {text} as the hook’s name, exactly once with a clientId', async () => {
    const { url, hook } = await makeHook('general', 'Grafana');
    assert.match(url, new RegExp(`^${t.url}/api/hooks/[A-Za-z0-9_-]{43}$`));
    const inbox = createInbox(alice);
    const first = await send(url, { message: 'CPU above 90%', clientId: 'alert-cpu-1' });
    assert.equal(first.status, 201);
    const { message } = (await first.json()) as { message: Message };
    assert.equal(message.user, 'Grafana');
    assert.equal(message.room, 'general');
    const again = await send(url, { message: 'CPU above 90%', clientId: 'alert-cpu-1' });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { message: Message }).message.id, message.id);
    const slack = await send(url, { text: 'deploy done', username: 'ignored', icon_emoji: ':x:' });
    assert.equal(slack.status, 201);
    const slackMessage = ((await slack.json()) as { message: Message }).message;
    assert.equal(slackMessage.message, 'deploy done');
    await inbox.waitFor(slackMessage.id);
    assert.deepEqual(
      inbox.messages.filter((m) => m.user === 'Grafana').map((m) => m.message),
      ['CPU above 90%', 'deploy done'],
    );
    // The URL is the secret: no log line holds it.
    assert.equal(
      lines.some((line) => line.includes(url.split('/').pop() ?? '')),
      false,
    );
    assert.ok(lines.some((line) => line.includes('/api/hooks/…')));
    assert.deepEqual(
      (
        (await (
          await fetch(`${t.url}/api/admin/hooks`, { headers: { cookie: admin } })
        ).json()) as { hooks: { name: string }[] }
      ).hooks.map((h) => h.name),
      [hook.name],
    );
  });

  it('answers bad posts with 400, an unknown or removed hook with 404, and non-admins with 403', async () => {
    const { url, hook } = await makeHook('general', 'Sentry');
    for (const body of [
      {},
      { message: '' },
      { text: 7 },
      { message: 'x'.repeat(4001) },
      { message: 'ok', clientId: 'short' },
      [],
      'text',
    ]) {
      const response = await send(url, body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 40));
    }
    const unknown = await send(`${t.url}/api/hooks/${'A'.repeat(43)}`, { message: 'hi' });
    assert.equal(unknown.status, 404);
    const aliceCookie = await signIn(t.url, 'Alice');
    assert.equal(
      (await postJson(t.url, '/api/admin/hooks', { room: 'general', name: 'Mine' }, aliceCookie))
        .status,
      403,
    );
    assert.equal(
      (await postJson(t.url, '/api/admin/hooks', { room: 'nowhere', name: 'Lost' }, admin)).status,
      404,
    );
    const removed = await fetch(`${t.url}/api/admin/hooks/${hook.id}`, {
      method: 'DELETE',
      headers: { cookie: admin },
    });
    assert.equal(removed.status, 204);
    assert.equal((await send(url, { message: 'still there?' })).status, 404);
  });

  it('posts into a private channel it was made for, as a member of it', async () => {
    const created = await request<Ack<{ room: Room }>>(alice, 'room:create', {
      room: 'ops-private',
      private: true,
    });
    assert.equal(created.ok, true);
    const { url } = await makeHook('ops-private', 'Pager');
    const posted = await send(url, { message: 'disk full on db-2' });
    assert.equal(posted.status, 201);
  });
});
