import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Presence } from '../../lib/protocol';
import { LINK_CODE_TTL_MS } from '../../lib/protocol-accounts';
import {
  hashSecret,
  newLinkCode,
  newUrlToken,
  normalizeLinkCode,
} from '../../lib/server/auth/secrets';
import {
  accountOf,
  connectClient,
  cookieOf,
  emitRaw,
  newClientId,
  nextEvent,
  passwordOf,
  postJson,
  signIn,
  startTestServer,
  type TestServer,
  waitForEvent,
} from '../helpers/test-server';
import { earlierPasswordHash } from '../helpers/seed';

const send = (method: string, url: string, path: string, cookie: string, body?: unknown) =>
  fetch(`${url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('accounts over HTTP and sockets', () => {
  let t: TestServer;
  let admin: string;
  before(async () => {
    t = await startTestServer();
    admin = await signIn(t.url, 'Admin');
  });
  after(() => t.stop({ removeData: true }));

  it('a rename is seen live by another socket, in history, and is what the account speaks as', async () => {
    const cookie = await signIn(t.url, 'Alice');
    const alice = await connectClient(t.url, { cookie });
    const bob = await connectClient(t.url, { cookie: await signIn(t.url, 'Bob') });
    for (const socket of [alice, bob]) await emitRaw(socket, 'room:join', { room: 'general' });
    const said = (await emitRaw(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: 'before the rename',
      clientId: newClientId(),
    })) as { message: Message };
    const updated = nextEvent<{ id: number; name: string }>(bob, 'user:updated');
    // Who is online in the room lists the new name, without Alice leaving and coming back.
    const listed = waitForEvent<Presence>(
      bob,
      'presence',
      (presence) => presence.room === 'general' && presence.users.includes('Alicia'),
    );
    const renamed = await send('PATCH', t.url, '/api/account', cookie, { name: 'Alicia' });
    assert.equal(renamed.status, 200);
    const { id } = await accountOf(t.url, cookie);
    assert.deepEqual(await updated, { id, name: 'Alicia' });
    assert.ok(!(await listed).users.includes('Alice'));
    const history = (await emitRaw(bob, 'room:join', { room: 'general' })) as {
      messages: Message[];
    };
    const old = history.messages.find((message) => message.id === said.message.id);
    assert.equal(old?.user, 'Alicia');
    assert.equal(old.userId, id);
    const asOld = (await emitRaw(alice, 'message:send', {
      room: 'general',
      user: 'Alice',
      message: 'as my old name',
      clientId: newClientId(),
    })) as { ok: boolean };
    assert.equal(asOld.ok, false);
    const asNew = (await emitRaw(alice, 'message:send', {
      room: 'general',
      user: 'Alicia',
      message: 'as my new name',
      clientId: newClientId(),
    })) as { ok: boolean };
    assert.equal(asNew.ok, true);
    const taken = await send('PATCH', t.url, '/api/account', cookie, { name: 'BOB' });
    assert.equal(taken.status, 409);
    alice.close();
    bob.close();
  });

  it('a link code signs a second device in once; a second use is refused', async () => {
    const laptop = await signIn(t.url, 'Linker');
    const made = await send('POST', t.url, '/api/link-codes', laptop);
    assert.equal(made.status, 201);
    const { code, url } = (await made.json()) as { code: string; url: string };
    assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.ok(url.endsWith(`/#link=${code}`));
    const phone = await postJson(t.url, '/api/session', { link: code.toLowerCase() });
    assert.equal(phone.status, 200);
    assert.equal((await accountOf(t.url, cookieOf(phone))).name, 'Linker');
    const again = await postJson(t.url, '/api/session', { link: code });
    assert.equal(again.status, 401);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'bad_code');
  });

  it('a link code lives 10 minutes; an expired code or recovery link is refused', async () => {
    const cookie = await signIn(t.url, 'Latecomer');
    const made = await send('POST', t.url, '/api/link-codes', cookie);
    const { expiresAt } = (await made.json()) as { expiresAt: string };
    const lifetime = Date.parse(expiresAt) - Date.now();
    assert.ok(lifetime > LINK_CODE_TTL_MS - 60_000 && lifetime <= LINK_CODE_TTL_MS, expiresAt);

    // Tokens made through the store with a time already past: only the time differs from a
    // code the server made (a live one made the same way works).
    const { id } = await accountOf(t.url, cookie);
    const { tokens } = t.server.stores;
    const late = newLinkCode();
    await tokens.issue(hashSecret(normalizeLinkCode(late)), 'link', id, Date.now() - 1);
    const refused = await postJson(t.url, '/api/session', { link: late });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'bad_code');
    const live = newLinkCode();
    await tokens.issue(hashSecret(normalizeLinkCode(live)), 'link', id, Date.now() + 60_000);
    assert.equal((await postJson(t.url, '/api/session', { link: live })).status, 200);

    const recovery = newUrlToken();
    await tokens.issue(hashSecret(recovery), 'recovery', id, Date.now() - 1);
    const password = 'Latecomer has a new password';
    const lateRecovery = await postJson(t.url, '/api/session', { recovery, password });
    assert.equal(lateRecovery.status, 401);
    const old = await postJson(t.url, '/api/session', {
      name: 'Latecomer',
      password: passwordOf('Latecomer'),
    });
    assert.equal(old.status, 200, 'the expired link changed no password');
  });

  it('a password hashed with the earlier argon2 setting is rehashed at sign-in', async () => {
    const cookie = await signIn(t.url, 'Oldtimer');
    const { id } = await accountOf(t.url, cookie);
    const { accounts } = t.server.stores;
    const earlier = await earlierPasswordHash(passwordOf('Oldtimer'));
    await accounts.setPassword(id, earlier);
    const signedIn = await postJson(t.url, '/api/session', {
      name: 'Oldtimer',
      password: passwordOf('Oldtimer'),
    });
    assert.equal(signedIn.status, 200);
    const stored = (await accounts.get(id))?.passwordHash ?? '';
    assert.match(stored, /^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    const again = await postJson(t.url, '/api/session', {
      name: 'Oldtimer',
      password: passwordOf('Oldtimer'),
    });
    assert.equal(again.status, 200, 'the new hash is of the same password');
  });

  it('deactivating disconnects the account’s sockets at once and refuses its sign-in', async () => {
    const cookie = await signIn(t.url, 'Leaver');
    const socket = await connectClient(t.url, { cookie });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const { id } = await accountOf(t.url, cookie);
    const forbidden = await send('PATCH', t.url, `/api/admin/users/${id}`, cookie, {
      deactivated: true,
    });
    assert.equal(forbidden.status, 403, 'members are not admins');
    const done = await send('PATCH', t.url, `/api/admin/users/${id}`, admin, { deactivated: true });
    assert.equal(done.status, 200);
    assert.equal(await closed, 'io server disconnect');
    await assert.rejects(connectClient(t.url, { cookie }), { message: 'unauthorized' });
    const wrong = await postJson(t.url, '/api/session', { name: 'Leaver', password: 'wrong one!' });
    assert.equal(wrong.status, 401);
    const right = await postJson(t.url, '/api/session', {
      name: 'Leaver',
      password: passwordOf('Leaver'),
    });
    assert.equal(right.status, 403);
    assert.equal(((await right.json()) as { error: { code: string } }).error.code, 'deactivated');
  });

  it('keeps the last active admin, and a recovery link works once', async () => {
    const { id } = await accountOf(t.url, admin);
    const demote = await send('PATCH', t.url, `/api/admin/users/${id}`, admin, { role: 'member' });
    assert.equal(demote.status, 409);
    const target = await signIn(t.url, 'Forgetful');
    const { id: targetId } = await accountOf(t.url, target);
    const made = await send('POST', t.url, `/api/admin/users/${targetId}/recovery`, admin);
    assert.equal(made.status, 201);
    const token = new URL(((await made.json()) as { url: string }).url).hash.split('=')[1] ?? '';
    const body = { recovery: token, password: 'a fresh new password' };
    const used = await postJson(t.url, '/api/session', body);
    assert.equal(used.status, 200);
    assert.equal(
      (await fetch(`${t.url}/api/session`, { headers: { cookie: target } })).status,
      401,
    );
    assert.equal((await postJson(t.url, '/api/session', body)).status, 401, 'works once');
    const signedIn = await postJson(t.url, '/api/session', {
      name: 'Forgetful',
      password: 'a fresh new password',
    });
    assert.equal(signedIn.status, 200);
  });
});
