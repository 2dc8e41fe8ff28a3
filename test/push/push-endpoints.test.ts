import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Room } from '../../lib/protocol';
import { isPublicAddress } from '../../lib/server/net/public-address';
import { startPushService, type PushService } from '../helpers/push-service';
import {
  connectClient,
  postJson,
  request,
  say,
  signIn,
  startTestServer,
  type Ack,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

const keysOf = (service: PushService) => service.subscription('keys').json.keys;

describe('push endpoints a client may name', () => {
  let t: TestServer;
  let service: PushService;
  let cookie: string;
  before(async () => {
    service = await startPushService(() => Promise.resolve(''));
    // The product's default: no private addresses.
    t = await startTestServer({ push: { ca: service.ca } });
    cookie = await signIn(t.url, 'Mallory');
  });
  after(async () => {
    await t.stop({ removeData: true });
    await service.close();
  });

  it('refuses endpoints on loopback, private, link-local and metadata addresses', async () => {
    const keys = keysOf(service);
    for (const endpoint of [
      `${service.origin}/push/keys`,
      'https://localhost/push',
      'https://[::1]/push',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/push',
      'https://192.168.1.1/push',
      'https://[::ffff:127.0.0.1]/push',
      'https://[fe80::1]/push',
      'https://0x7f.1/push',
    ]) {
      const response = await postJson(t.url, '/api/push/subscriptions', { endpoint, keys }, cookie);
      assert.equal(response.status, 400, endpoint);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'invalid_payload', endpoint);
      assert.match(body.error.message, /^endpoint: refused/, endpoint);
    }
    const sessions = await t.server.stores.push.sessionsWithPush(1);
    assert.equal(sessions.size, 0);
  });

  it('answers bad subscriptions with invalid_payload, no session with 401, a foreign origin 403', async () => {
    const keys = keysOf(service);
    for (const body of [
      { endpoint: 'http://push.example.com/x', keys },
      { endpoint: 'not a url', keys },
      { endpoint: `https://push.example.com/${'x'.repeat(3000)}`, keys },
      { endpoint: 'https://push.example.com/x', keys: { p256dh: 'short', auth: keys.auth } },
      { endpoint: 'https://push.example.com/x', keys: { p256dh: keys.p256dh, auth: '!!!' } },
      { endpoint: 'https://push.example.com/x' },
      [],
      'endpoint',
    ]) {
      const response = await postJson(t.url, '/api/push/subscriptions', body, cookie);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
    }
    const anonymous = await postJson(t.url, '/api/push/subscriptions', {
      endpoint: 'https://push.example.com/x',
      keys,
    });
    assert.equal(anonymous.status, 401);
    const foreign = await fetch(`${t.url}/api/push/subscriptions`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ endpoint: 'https://push.example.com/x', keys }),
    });
    assert.equal(foreign.status, 403);
  });

  it('checks the address again when sending: a stored internal endpoint is never posted to', async () => {
    // As if the endpoint had been public when stored, and its name pointed inside later.
    const victimCookie = await signIn(t.url, 'Victim');
    const victim = (await (
      await fetch(`${t.url}/api/session`, { headers: { cookie: victimCookie } })
    ).json()) as { user: { id: number } };
    const [session] = await t.server.stores.sessions.list(victim.user.id);
    assert.ok(session !== undefined);
    const browser = service.subscription('inside');
    await t.server.stores.push.subscribe(
      session.id,
      victim.user.id,
      browser.json.endpoint,
      browser.json.keys,
    );
    const mallory: TestClient = await connectClient(t.url, { cookie });
    try {
      const dm = await request<Ack<{ room: Room }>>(mallory, 'dm:open', { user: 'Victim' });
      await say(mallory, 'Mallory', 'knock knock', { room: dm.room.name });
      const failed = async () => {
        const text = await (await fetch(`${t.url}/metrics`)).text();
        return /parley_pushes_total\{outcome="failed"\} 1/.test(text);
      };
      while (!(await failed())) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(service.attempts('inside'), 0);
    } finally {
      mallory.close();
    }
  });
});

describe('isPublicAddress', () => {
  it('allows only globally routable unicast addresses', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888']) {
      assert.equal(isPublicAddress(address), true, address);
    }
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      'localhost',
      '',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
  });
});
