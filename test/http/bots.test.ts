import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import type { Message, Room } from '../../lib/protocol';
import {
  connectAs,
  createInbox,
  postJson,
  request,
  signIn,
  startTestServer,
  type Ack,
  type Failure,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

interface MadeBot {
  bot: {
    id: number;
    name: string;
    role: string;
    webhookUrl?: string;
    deactivated: boolean;
    createdAt: string;
  };
  token: string;
  signingSecret: string;
}

const bearer = (token: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/json',
  ...extra,
});

describe('bots and the HTTP message API', () => {
  let t: TestServer;
  let admin: string;
  let alice: TestClient;
  const sockets: (TestClient | Socket)[] = [];

  const makeBot = async (name: string, body: Record<string, unknown> = {}) => {
    const response = await postJson(t.url, '/api/admin/bots', { name, ...body }, admin);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as MadeBot;
  };
  const post = (token: string, room: string, body: unknown) =>
    fetch(`${t.url}/api/rooms/${encodeURIComponent(room)}/messages`, {
      method: 'POST',
      headers: bearer(token),
      body: JSON.stringify(body),
    });
  const codeOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string } }).error.code;

  before(async () => {
    t = await startTestServer();
    // The first account on the server is its admin.
    admin = await signIn(t.url, 'Root');
    alice = await connectAs(t.url, 'Alice');
    sockets.push(alice);
    await request(alice, 'room:join', { room: 'general' });
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await t.stop({ removeData: true });
  });

  it('lets only admins make bots, shows a token and a signing secret once, lists them as bots', async () => {
    const made = await makeBot('Deploy Bot');
    assert.match(made.token, /^parley_bot_[A-Za-z0-9_-]{43}$/);
    assert.match(made.signingSecret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(made.bot, {
      id: made.bot.id,
      name: 'Deploy Bot',
      role: 'bot',
      deactivated: false,
      createdAt: made.bot.createdAt,
    });
    const list = (await (
      await fetch(`${t.url}/api/admin/bots`, { headers: { cookie: admin } })
    ).json()) as {
      bots: { name: string; role: string }[];
    };
    assert.deepEqual(
      list.bots.map((b) => [b.name, b.role]),
      [['Deploy Bot', 'bot']],
    );
    const aliceCookie = await signIn(t.url, 'Alice');
    const refused = await postJson(t.url, '/api/admin/bots', { name: 'Sneaky' }, aliceCookie);
    assert.equal(refused.status, 403);
    const taken = await postJson(t.url, '/api/admin/bots', { name: 'alice' }, admin);
    assert.equal(taken.status, 409);
    for (const body of [
      { name: '' },
      { name: 'Ok', webhookUrl: 'ftp://x' },
      { name: 'Ok', extra: 1 },
    ]) {
      const bad = await postJson(t.url, '/api/admin/bots', body, admin);
      assert.equal(bad.status, 400, JSON.stringify(body));
    }
    // The product refuses a webhook on this machine (tests allow it only with the flag).
    const inside = await postJson(
      t.url,
      '/api/admin/bots',
      { name: 'Inside', webhookUrl: 'http://127.0.0.1:9/x' },
      admin,
    );
    assert.equal(inside.status, 400);
    assert.match(
      ((await inside.json()) as { error: { message: string } }).error.message,
      /refused/,
    );
  });

  it('posts with a bearer token exactly once per clientId, and everyone in the room hears it once', async () => {
    const { token, bot } = await makeBot('CI');
    const inbox = createInbox(alice);
    const first = await post(token, 'general', {
      message: 'build 41 passed',
      clientId: 'ci-build-41',
    });
    assert.equal(first.status, 201);
    const { message } = (await first.json()) as { message: Message };
    assert.equal(message.user, 'CI');
    assert.equal(message.userId, bot.id);
    const again = await post(token, 'general', {
      message: 'build 41 passed',
      clientId: 'ci-build-41',
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { message: Message }).message.id, message.id);
    await inbox.waitFor(message.id);
    // A sentinel after the retry: had the retry been broadcast, it would have come before.
    const next = (await (
      await post(token, 'general', { message: 'next', clientId: 'ci-build-42' })
    ).json()) as { message: Message };
    await inbox.waitFor(next.message.id);
    assert.equal(inbox.messages.filter((m) => m.id === message.id).length, 1);

    const page = (await (
      await fetch(`${t.url}/api/rooms/general/messages?after=${message.id - 1}&limit=1`, {
        headers: bearer(token),
      })
    ).json()) as { messages: Message[]; hasMore: boolean };
    assert.deepEqual(
      page.messages.map((m) => m.id),
      [message.id],
    );
    assert.equal(page.hasMore, true);
  });

  it('answers bad posts with the person’s codes, and rooms it may not read with 404', async () => {
    const { token } = await makeBot('Checker');
    for (const body of [
      {},
      { message: 'no client id' },
      { message: '', clientId: 'empty-one' },
      { message: 'x'.repeat(5000), clientId: 'long-one' },
      { message: 7, clientId: 'number-one' },
      { message: 'who', clientId: 'who-is-it', user: 'Alice' },
      { message: 'where', clientId: 'where-is-it', room: 'elsewhere' },
      [],
      'text',
    ]) {
      const response = await post(token, 'general', body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(await codeOf(response), 'invalid_payload');
    }
    const notJson = await fetch(`${t.url}/api/rooms/general/messages`, {
      method: 'POST',
      headers: bearer(token),
      body: '{nope',
    });
    assert.equal(notJson.status, 400);
    const nowhere = await post(token, 'no-such-room', { message: 'hi', clientId: 'nowhere-1' });
    assert.equal(nowhere.status, 404);
    const created = await request<Ack<{ room: Room }>>(alice, 'room:create', {
      room: 'secret-plans',
      private: true,
    });
    assert.equal(created.ok, true);
    const secret = await post(token, 'secret-plans', {
      message: 'let me in',
      clientId: 'secret-1',
    });
    assert.equal(secret.status, 404);
    assert.equal(await codeOf(secret), 'not_found');
    const read = await fetch(`${t.url}/api/rooms/secret-plans/messages`, {
      headers: bearer(token),
    });
    assert.equal(read.status, 404);
    const both = await fetch(`${t.url}/api/rooms/general/messages?after=1&before=5`, {
      headers: bearer(token),
    });
    assert.equal(both.status, 400);
    const anonymous = await fetch(`${t.url}/api/rooms/general/messages`, {
      headers: { Authorization: 'Bearer parley_bot_wrong' },
    });
    assert.equal(anonymous.status, 401);
  });

  it('limits a bot’s posts as a person’s sends, with Retry-After', async () => {
    const { token } = await makeBot('Chatty');
    let limited: Response | undefined;
    for (let i = 0; i < 200 && limited === undefined; i++) {
      const response = await post(token, 'general', {
        message: `spam ${i}`,
        clientId: `spam-post-${i}`,
      });
      if (response.status === 429) limited = response;
      else assert.equal(response.status, 201);
    }
    assert.ok(limited !== undefined, 'the limit refused a post');
    assert.equal(await codeOf(limited), 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });

  it('connects a bot’s socket with auth {token}; a replaced token stops at once, sockets included', async () => {
    const made = await makeBot('Sock');
    const socket = io(t.url, {
      auth: { token: made.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const sent = (await socket.timeout(5000).emitWithAck('message:send', {
      room: 'general',
      user: 'Sock',
      message: 'over a socket',
      clientId: 'socket-post-1',
    })) as { ok: boolean };
    assert.equal(sent.ok, true);
    // Over its socket, a private room it is not in answers as to anyone outside: forbidden.
    const hidden = await request<Ack>(alice, 'room:create', { room: 'no-bots', private: true });
    assert.equal(hidden.ok, true);
    for (const [event, payload] of [
      ['room:join', { room: 'no-bots' }],
      ['message:send', { room: 'no-bots', user: 'Sock', message: 'hi', clientId: 'sneak-in-1' }],
    ] as const) {
      const refused = (await socket.timeout(5000).emitWithAck(event, payload)) as Ack | Failure;
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'forbidden', event);
    }

    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const replaced = await postJson(t.url, `/api/admin/bots/${made.bot.id}/token`, {}, admin);
    assert.equal(replaced.status, 201);
    const { token } = (await replaced.json()) as { token: string };
    assert.equal(await closed, 'io server disconnect');
    assert.equal(
      (await post(made.token, 'general', { message: 'old', clientId: 'old-token' })).status,
      401,
    );
    assert.equal(
      (await post(token, 'general', { message: 'new', clientId: 'new-token' })).status,
      201,
    );
    const refused = io(t.url, {
      auth: { token: made.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(refused);
    const error = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    assert.equal(error.message, 'unauthorized');

    // Deactivated: its token stops, its messages stay.
    const removed = await fetch(`${t.url}/api/admin/bots/${made.bot.id}`, {
      method: 'DELETE',
      headers: { cookie: admin },
    });
    assert.equal(removed.status, 204);
    assert.equal(
      (await post(token, 'general', { message: 'gone', clientId: 'gone-token' })).status,
      401,
    );
    const history = (await (
      await fetch(`${t.url}/api/rooms/general/messages?limit=100`, { headers: { cookie: admin } })
    ).json()) as { messages: Message[] };
    assert.ok(history.messages.some((m) => m.message === 'over a socket'));
  });

  it('edits and deletes its own messages, reacts to any, and everyone in the room sees it', async () => {
    const { token } = await makeBot('Editor');
    const posted = (await (
      await post(token, 'general', { message: 'deploy started', clientId: 'deploy-started' })
    ).json()) as { message: Message };
    const { id } = posted.message;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${t.url}${path}`, {
        method,
        headers: bearer(token),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const updated = new Promise<Message>((resolve) =>
      alice.on('message:updated', (message) => {
        if (message.id === id && message.message === 'deploy finished') resolve(message);
      }),
    );
    const edit = await call('PATCH', `/api/messages/${id}`, { message: 'deploy finished' });
    assert.equal(edit.status, 200);
    assert.ok((await updated).editedAt !== undefined);
    assert.equal((await call('PATCH', `/api/messages/${id}`, { message: '' })).status, 400);
    assert.equal((await call('PATCH', `/api/messages/${id}`, { text: 'x' })).status, 400);

    const thumbs = encodeURIComponent('👍');
    const on = await call('PUT', `/api/messages/${id}/reactions/${thumbs}`);
    assert.equal(on.status, 200);
    const reacted = ((await on.json()) as { message: Message }).message.reactions;
    assert.deepEqual(
      reacted.map((r) => [r.emoji, r.users]),
      [['👍', ['Editor']]],
    );
    const off = await call('DELETE', `/api/messages/${id}/reactions/${thumbs}`);
    assert.deepEqual(((await off.json()) as { message: Message }).message.reactions, []);
    assert.equal((await call('PUT', `/api/messages/${id}/reactions/not-an-emoji`)).status, 400);

    // Someone else's message: a reaction yes, an edit or a delete no.
    const mine = await request<Ack<{ message: Message }>>(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: 'hands off',
      clientId: 'alice-hands-off',
    });
    assert.equal(
      (await call('PATCH', `/api/messages/${mine.message.id}`, { message: 'mine now' })).status,
      403,
    );
    assert.equal((await call('DELETE', `/api/messages/${mine.message.id}`)).status, 403);
    assert.equal(
      (await call('PUT', `/api/messages/${mine.message.id}/reactions/${thumbs}`)).status,
      200,
    );

    const deleted = new Promise<number>((resolve) =>
      alice.on('message:deleted', (event) => {
        if (event.id === id) resolve(event.id);
      }),
    );
    assert.equal((await call('DELETE', `/api/messages/${id}`)).status, 204);
    assert.equal(await deleted, id);
    assert.equal((await call('DELETE', `/api/messages/${id}`)).status, 404);
    assert.equal((await call('PATCH', '/api/messages/999999', { message: 'x' })).status, 404);
  });

  it('keeps a post exactly-once across a restart', async () => {
    const { token } = await makeBot('Cron');
    const first = (await (
      await post(token, 'general', { message: 'nightly report', clientId: 'nightly-1' })
    ).json()) as { message: Message };
    await t.stop();
    t = await startTestServer({ dataDir: t.dataDir });
    const again = await post(token, 'general', {
      message: 'nightly report',
      clientId: 'nightly-1',
    });
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { message: Message }).message.id, first.message.id);
  });
});
