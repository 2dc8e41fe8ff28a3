import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../lib/server/limits';
import { after, before, describe, it } from 'node:test';
import { connectClient, signIn, startTestServer, type TestServer } from '../helpers/test-server';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  assert.equal(typeof body.error?.message, 'string');
  return body.error?.code ?? '(none)';
}

describe('POST /api/session', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  it('claims a name and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const response = await post(t.url, { name: '  Alice  ' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { user: { name: 'Alice' } });
    const cookie = response.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^parley_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
  });

  it('refuses a name held by another session, whatever its case', async () => {
    await signIn(t.url, 'Dora');
    const response = await post(t.url, { name: 'DORA' });
    assert.equal(response.status, 409);
    assert.equal(await errorCode(response), 'name_taken');
  });

  it('answers invalid_name for names outside the rules', async () => {
    for (const name of ['', '   ', 'x'.repeat(33), '<script>', 'semi;colon']) {
      const response = await post(t.url, { name });
      assert.equal(response.status, 400, name);
      assert.equal(await errorCode(response), 'invalid_name');
    }
  });

  it('answers invalid_payload for bodies that are not the expected JSON', async () => {
    const cases: [unknown, Record<string, string>?][] = [
      ['{not json'],
      [[1, 2]],
      [{ name: 42 }],
      [{ nom: 'Alice' }],
      [{ name: 'Eve', code: 17 }],
      [{ name: 'Eve' }, { 'Content-Type': 'text/plain' }],
    ];
    for (const [body, headers] of cases) {
      const response = await post(t.url, body, headers);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(await errorCode(response), /^invalid_(payload|name)$/);
    }
    const missingName = await post(t.url, { nom: 'Alice' });
    assert.equal(await errorCode(missingName), 'invalid_name');
    const wrongCodeType = await post(t.url, { name: 'Eve', code: 17 });
    assert.equal(await errorCode(wrongCodeType), 'invalid_payload');
  });

  it('answers 413 invalid_payload for a body over 4 KiB, without reading on', async () => {
    const response = await post(t.url, { name: 'Big', code: 'x'.repeat(5 * 1024) });
    assert.equal(response.status, 413);
    assert.equal(await errorCode(response), 'invalid_payload');
  });

  it('refuses a request from a foreign origin', async () => {
    const response = await post(t.url, { name: 'Mallory' }, { Origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    assert.equal(await errorCode(response), 'forbidden');
  });

  it('accepts a request from its own origin', async () => {
    const response = await post(t.url, { name: 'Olga' }, { Origin: t.url });
    assert.equal(response.status, 200);
  });
});

describe('GET and DELETE /api/session', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(() => t.stop({ removeData: true }));

  it('returns the user for a valid cookie and 401 otherwise', async () => {
    const cookie = await signIn(t.url, 'Grace');
    const ok = await fetch(`${t.url}/api/session`, { headers: { cookie } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { user: { name: 'Grace' } });

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

  it("signs out: frees the name, forgets the cookie and closes the session's sockets", async () => {
    const cookie = await signIn(t.url, 'Heidi');
    const socket = await connectClient(t.url, { cookie });
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const response = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    assert.equal(response.status, 204);
    assert.match(response.headers.get('set-cookie') ?? '', /parley_session=;.*Max-Age=0/);
    assert.equal(await closed, 'io server disconnect');

    const after = await fetch(`${t.url}/api/session`, { headers: { cookie } });
    assert.equal(after.status, 401);
    assert.equal((await post(t.url, { name: 'heidi' })).status, 200);
    await assert.rejects(connectClient(t.url, { cookie }), { message: 'unauthorized' });
  });

  it('replaces the session when a signed-in browser claims a new name', async () => {
    const cookie = await signIn(t.url, 'Ivan');
    const response = await post(t.url, { name: 'Ivan2' }, { cookie });
    assert.equal(response.status, 200);
    assert.equal((await post(t.url, { name: 'Ivan' })).status, 200, 'the old name is free again');
  });
});

describe('join code', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer({ joinCode: 'open sesame' })));
  after(() => t.stop({ removeData: true }));

  it('is required when the server sets one', async () => {
    for (const body of [
      { name: 'Judy' },
      { name: 'Judy', code: 'wrong' },
      { name: 'Judy', code: '' },
    ]) {
      const response = await post(t.url, body);
      assert.equal(response.status, 403);
      assert.equal(await errorCode(response), 'bad_code');
    }
    assert.equal((await post(t.url, { name: 'Judy', code: 'open sesame' })).status, 200);
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
      const response = await post(t.url, { name: `Burst ${i}` });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(200));
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
      post(t.url, { name }, { 'X-Forwarded-For': address });
    // Ten sign-ins from ten addresses of one network spend its whole burst...
    for (let i = 1; i <= 10; i++) {
      assert.equal((await from(`2001:db8:5:6::${i.toString(16)}`, `Six ${i}`)).status, 200);
    }
    const limited = await from('2001:db8:5:6:ffff:ffff:ffff:ffff', 'Six 11');
    assert.equal(limited.status, 429);
    assert.equal(await errorCode(limited), 'rate_limited');
    // ...while a neighbouring network has its own.
    assert.equal((await from('2001:db8:5:7::1', 'Seven')).status, 200);
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
