import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../lib/server/limits';
import { after, before, describe, it } from 'node:test';
import {
  connectClient,
  cookieOf,
  passwordOf,
  signIn,
  startTestServer,
  type TestServer,
} from '../helpers/test-server';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorBody(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  assert.equal(typeof body.error?.message, 'string');
  return { code: body.error?.code ?? '(none)', message: body.error?.message ?? '' };
}
const errorCode = async (response: Response) => (await errorBody(response)).code;

describe('POST /api/session {name, password}', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  it('signs in with a new HttpOnly, SameSite=Lax session cookie each time', async () => {
    await signIn(t.url, 'Alice');
    const first = await post(t.url, { name: '  alice ', password: passwordOf('Alice') });
    assert.equal(first.status, 200);
    const body = (await first.json()) as { user: { id: number; name: string; role: string } };
    assert.equal(body.user.name, 'Alice');
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^parley_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    const second = await post(t.url, { name: 'Alice', password: passwordOf('Alice') });
    assert.notEqual(cookieOf(second), cookieOf(first), 'a new session id at every sign-in');
  });

  it('rotates the session: the one the browser held before stops working', async () => {
    const before = await signIn(t.url, 'Rotor');
    const socket = await connectClient(t.url, { cookie: before });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const again = await post(
      t.url,
      { name: 'Rotor', password: passwordOf('Rotor') },
      { cookie: before },
    );
    assert.equal(again.status, 200);
    assert.equal(await closed, 'io server disconnect');
    assert.equal(
      (await fetch(`${t.url}/api/session`, { headers: { cookie: before } })).status,
      401,
    );
    const now = await fetch(`${t.url}/api/session`, { headers: { cookie: cookieOf(again) } });
    assert.equal(now.status, 200);
  });

  it('answers an unknown name and a wrong password with the same code and body', async () => {
    await signIn(t.url, 'Known');
    const unknown = await post(t.url, { name: 'Nobody Here', password: 'some password' });
    const wrong = await post(t.url, { name: 'Known', password: 'some password' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    const [a, b] = [await errorBody(unknown), await errorBody(wrong)];
    assert.deepEqual(a, b);
    assert.equal(a.code, 'bad_credentials');
  });

  it('answers invalid_payload for bodies that are not one of the ways to sign in', async () => {
    const cases: [unknown, Record<string, string>?][] = [
      ['{not json'],
      [[1, 2]],
      [{ name: 'Eve' }],
      [{ name: 42, password: 'x' }],
      [{ name: 'Eve', password: 'long enough', extra: 1 }],
      [{ link: '' }],
      [{ passkey: 'no' }],
      [{ name: 'Eve', password: 'long enough' }, { 'Content-Type': 'text/plain' }],
    ];
    for (const [body, headers] of cases) {
      const response = await post(t.url, body, headers);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(await errorCode(response), 'invalid_payload', JSON.stringify(body));
    }
  });

  it('answers 413 invalid_payload for a body over 4 KiB', async () => {
    const response = await post(t.url, { name: 'Big', password: 'x'.repeat(5 * 1024) });
    assert.equal(response.status, 413);
    assert.equal(await errorCode(response), 'invalid_payload');
  });

  it('refuses a request from a foreign origin, and accepts its own', async () => {
    await signIn(t.url, 'Olga');
    const body = { name: 'Olga', password: passwordOf('Olga') };
    const foreign = await post(t.url, body, { Origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(await errorCode(foreign), 'forbidden');
    assert.equal((await post(t.url, body, { Origin: t.url })).status, 200);
  });
});

describe('GET and DELETE /api/session', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  it('returns the account for a valid cookie and 401 otherwise', async () => {
    const cookie = await signIn(t.url, 'Grace');
    const ok = await fetch(`${t.url}/api/session`, { headers: { cookie } });
    assert.equal(ok.status, 200);
    const { user } = (await ok.json()) as { user: Record<string, unknown> };
    assert.equal(user.name, 'Grace');
    assert.equal(user.hasPassword, true);
    assert.deepEqual(user.passkeys, []);
    assert.ok(user.role === 'admin' || user.role === 'member');

    const anonymous: Record<string, string>[] = [
      {},
      { cookie: 'parley_session=forged' },
      { cookie: `parley_session=${'A'.repeat(43)}` },
    ];
    for (const headers of anonymous) {
      const response = await fetch(`${t.url}/api/session`, { headers });
      assert.equal(response.status, 401);
      assert.equal(await errorCode(response), 'unauthenticated');
    }
  });

  it('signs this device out only: the account, its name and other devices stay', async () => {
    const laptop = await signIn(t.url, 'Heidi');
    const phone = await signIn(t.url, 'Heidi');
    const socket = await connectClient(t.url, { cookie: laptop });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const response = await fetch(`${t.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: laptop },
    });
    assert.equal(response.status, 204);
    assert.match(response.headers.get('set-cookie') ?? '', /parley_session=;.*Max-Age=0/);
    assert.equal(await closed, 'io server disconnect');
    assert.equal(
      (await fetch(`${t.url}/api/session`, { headers: { cookie: laptop } })).status,
      401,
    );
    await assert.rejects(connectClient(t.url, { cookie: laptop }), { message: 'unauthorized' });
    assert.equal((await fetch(`${t.url}/api/session`, { headers: { cookie: phone } })).status, 200);
    const taken = await fetch(`${t.url}/api/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'heidi', password: 'a brand new password' }),
    });
    assert.equal(taken.status, 409, 'the name is still the account’s');
  });
});

describe('per-account failure limit', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ trustProxy: true })));
  after(() => t.stop({ removeData: true }));

  it('refuses an 11th wrong password within 15 minutes, even from new addresses', async () => {
    await signIn(t.url, 'Target');
    const guess = (i: number, password: string) =>
      post(t.url, { name: 'Target', password }, { 'X-Forwarded-For': `198.51.100.${i}` });
    for (let i = 1; i <= 10; i++) assert.equal((await guess(i, `guess number ${i}`)).status, 401);
    const limited = await guess(11, 'guess number 11');
    assert.equal(limited.status, 429);
    assert.equal(await errorCode(limited), 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    // Even the right password waits: the limit is on the account, not on the guess.
    assert.equal((await guess(12, passwordOf('Target'))).status, 429);
    // An unknown name is limited the same way, so the limit tells nothing about who exists.
    for (let i = 1; i <= 10; i++) {
      assert.equal((await post(t.url, { name: 'Ghost', password: `g${i} guess` })).status, 401);
    }
    assert.equal((await post(t.url, { name: 'Ghost', password: 'g11 guess' })).status, 429);
  });
});

describe('sign-in rate limit', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ limits: DEFAULT_LIMITS })));
  after(() => t.stop({ removeData: true }));

  it('answers 429 rate_limited with Retry-After once an address passes its burst', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12 && limited === undefined; i++) {
      const response = await post(t.url, { name: `Burst ${i}`, password: 'not the password' });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.ok(limited, 'the 11th sign-in is refused');
    assert.equal(await errorCode(limited), 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  });
});

describe('sign-in rate limit over IPv6', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ limits: DEFAULT_LIMITS, trustProxy: true })));
  after(() => t.stop({ removeData: true }));

  it('counts every address of one /64 as one client, and another /64 apart', async () => {
    const from = (address: string, name: string) =>
      post(t.url, { name, password: 'not the password' }, { 'X-Forwarded-For': address });
    // Ten sign-ins from ten addresses of one network spend its whole burst...
    for (let i = 1; i <= 10; i++) {
      assert.equal((await from(`2001:db8:5:6::${i.toString(16)}`, `Six ${i}`)).status, 401);
    }
    const limited = await from('2001:db8:5:6:ffff:ffff:ffff:ffff', 'Six 11');
    assert.equal(limited.status, 429);
    assert.equal(await errorCode(limited), 'rate_limited');
    // ...while a neighbouring network has its own.
    assert.equal((await from('2001:db8:5:7::1', 'Seven')).status, 401);
  });
});

describe('GET /healthz', () => {
  it('is 200 while the database works and 503 once it does not', async (test) => {
    const t = await startTestServer();
    test.after(() => t.stop({ removeData: true }));
    const ok = await fetch(`${t.url}/healthz`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'ok' });

    await t.server.stores.close(); // the database handle is gone: storage is unusable
    const down = await fetch(`${t.url}/healthz`);
    assert.equal(down.status, 503);
  });
});

describe('unknown API routes', () => {
  it("answer 404 not_found in the contract's error shape", async (test) => {
    const t = await startTestServer();
    test.after(() => t.stop({ removeData: true }));
    const response = await fetch(`${t.url}/api/nope`);
    assert.equal(response.status, 404);
    assert.equal(await errorCode(response), 'not_found');
  });
});
