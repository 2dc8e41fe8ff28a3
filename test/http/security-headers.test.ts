import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { exited, startServerProcess, type ServerProcess } from '../helpers/server-process';
import { startTestServer, tempDataDir, type TestServer } from '../helpers/test-server';

describe('security headers of the page', () => {
  let server: ServerProcess;
  const dataDir = tempDataDir();
  before(async () => {
    server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await exited(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a strict CSP whose nonce is on every script, and no X-Powered-By', async () => {
    for (const path of ['/', '/c/general']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      assert.ok(nonce !== undefined, csp);
      assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
      assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      for (const directive of [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "default-src 'self'",
      ]) {
        assert.ok(csp.includes(directive), directive);
      }
      assert.equal(csp.includes('unsafe-inline'), false);
      assert.equal(csp.includes('unsafe-eval'), false);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      assert.ok(scripts.length > 0);
      for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('x-powered-by'), null);
    }
    // A new nonce each time.
    const a = (await fetch(server.url)).headers.get('content-security-policy');
    const b = (await fetch(server.url)).headers.get('content-security-policy');
    assert.notEqual(a, b);
  });
});

describe('cookies and proxies', () => {
  let direct: TestServer;
  let proxied: TestServer;
  before(async () => {
    direct = await startTestServer();
    proxied = await startTestServer({ trustProxy: true });
  });
  after(async () => {
    await direct.stop({ removeData: true });
    await proxied.stop({ removeData: true });
  });

  const signIn = (url: string, name: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/accounts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ name, password: 'a long enough password' }),
    });

  it('sets Secure cookies only for HTTPS, which only a trusted proxy can vouch for', async () => {
    const https = { 'X-Forwarded-Proto': 'https' };
    const plain = await signIn(direct.url, 'Alice', https);
    assert.equal(plain.headers.get('set-cookie')?.includes('Secure'), false);
    assert.equal(plain.headers.get('x-content-type-options'), 'nosniff');
    const behindProxy = await signIn(proxied.url, 'Alice', https);
    assert.ok(behindProxy.headers.get('set-cookie')?.includes('; Secure'));
    const proxiedHttp = await signIn(proxied.url, 'Bob', { 'X-Forwarded-Proto': 'http' });
    assert.equal(proxiedHttp.headers.get('set-cookie')?.includes('Secure'), false);
  });

  it('sends Strict-Transport-Security only on responses the browser got over HTTPS', async () => {
    const https = { 'X-Forwarded-Proto': 'https' };
    for (const path of ['/healthz', '/api/session', '/nowhere']) {
      const overHttps = await fetch(`${proxied.url}${path}`, { headers: https });
      assert.equal(overHttps.headers.get('strict-transport-security'), 'max-age=31536000', path);
      const overHttp = await fetch(`${proxied.url}${path}`, {
        headers: { 'X-Forwarded-Proto': 'http' },
      });
      assert.equal(overHttp.headers.get('strict-transport-security'), null, path);
      // Anyone can send the header; only a trusted proxy's counts.
      const claimed = await fetch(`${direct.url}${path}`, { headers: https });
      assert.equal(claimed.headers.get('strict-transport-security'), null, path);
    }
  });

  it('limits sign-ins by the address the trusted proxy saw, not its own', async () => {
    const limited = await startTestServer({
      trustProxy: true,
      limits: {
        send: { burst: 20, perSecond: 5 },
        session: { burst: 1, perSecond: 0.001 },
        accountFailures: { burst: 10, perSecond: 0.01 },
        create: { burst: 5, perSecond: 0.01 },
        upload: { burst: 20, perSecond: 1 },
      },
    });
    const from = (address: string) => ({ 'X-Forwarded-For': `203.0.113.9, ${address}` });
    // The first account (the admin) is made on the server's own machine.
    assert.equal((await signIn(limited.url, 'Admin')).status, 201);
    assert.equal((await signIn(limited.url, 'Carol', from('198.51.100.1'))).status, 201);
    assert.equal((await signIn(limited.url, 'Dave', from('198.51.100.2'))).status, 201);
    assert.equal((await signIn(limited.url, 'Erin', from('198.51.100.1'))).status, 429);
    await limited.stop({ removeData: true });
  });
});
