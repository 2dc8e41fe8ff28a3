import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import webpush from 'web-push';
import { createVapidAuth } from '../../lib/server/push/vapid-auth';

const keys = webpush.generateVAPIDKeys();
const contact = 'mailto:admin@example.com';

/** The JWT's claims, after checking its ES256 signature with the public key it names. */
function claimsOf(header: string): { aud: string; exp: number; sub: string } {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  assert.ok(match?.[1] !== undefined && match[2] === keys.publicKey, header);
  const [head = '', claims = '', signature = ''] = match[1].split('.');
  const point = Buffer.from(match[2], 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  assert.ok(
    verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    ),
    'signature',
  );
  return JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
}

const hour = 60 * 60 * 1000;
const start = Date.parse('2026-12-02T12:00:00Z');

/** A VAPID signer on a clock the test moves (`clock.now`), with keys it may swap. */
function clocked() {
  const clock = { now: start, keys };
  const auth = createVapidAuth(
    contact,
    () => Promise.resolve(clock.keys),
    () => clock.now,
  );
  return { auth, clock };
}

describe('VAPID authorization', () => {
  it('signs once per push service and reuses the header while it is valid', async () => {
    const { auth, clock } = clocked();
    const first = await auth(new URL('https://push.example.net/send/aaa'));
    clock.now += 10 * hour;
    const again = await auth(new URL('https://push.example.net/send/bbb'));
    assert.equal(again, first);
    const claims = claimsOf(first);
    assert.equal(claims.aud, 'https://push.example.net');
    assert.equal(claims.sub, contact);
    // Valid for 12 hours from signing: within RFC 8292's 24 hours.
    assert.equal(claims.exp, (start + 12 * hour) / 1000);
  });

  it('signs anew an hour before the JWT would expire', async () => {
    const { auth, clock } = clocked();
    const first = await auth(new URL('https://push.example.net/a'));
    clock.now = start + 11 * hour + 1;
    const renewed = await auth(new URL('https://push.example.net/a'));
    assert.notEqual(renewed, first);
    assert.equal(claimsOf(renewed).exp, Math.floor((clock.now + 12 * hour) / 1000));
  });

  it('names each push service as its own audience', async () => {
    const { auth } = clocked();
    const one = claimsOf(await auth(new URL('https://fcm.googleapis.com/fcm/send/x')));
    const two = claimsOf(
      await auth(new URL('https://updates.push.services.mozilla.com/wpush/v2/y')),
    );
    assert.equal(one.aud, 'https://fcm.googleapis.com');
    assert.equal(two.aud, 'https://updates.push.services.mozilla.com');
  });

  it('remembers at most 64 push services: endpoints come from clients', async () => {
    const { auth } = clocked();
    const first = await auth(new URL('https://push-0.example.net/a'));
    const latest = await auth(new URL('https://push-1.example.net/a'));
    for (let i = 2; i <= 64; i++) await auth(new URL(`https://push-${i}.example.net/a`));
    // The 65th origin pushed the oldest out: it is signed again; a newer one is still kept.
    assert.equal(await auth(new URL('https://push-1.example.net/b')), latest);
    assert.notEqual(await auth(new URL('https://push-0.example.net/b')), first);
  });

  it('signs with new keys at once when the keys change', async () => {
    const other = webpush.generateVAPIDKeys();
    const { auth, clock } = clocked();
    const before = await auth(new URL('https://push.example.net/a'));
    clock.keys = other;
    const after = await auth(new URL('https://push.example.net/a'));
    assert.match(after, new RegExp(`k=${other.publicKey}$`));
    assert.notEqual(after, before);
  });
});
