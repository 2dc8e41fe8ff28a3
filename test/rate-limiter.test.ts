import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenBucket } from '../lib/server/rate-limiter';

describe('token bucket', () => {
  it('allows the burst, then refuses with the time until the next token', () => {
    let now = 1_000;
    const limiter = createTokenBucket({ burst: 20, perSecond: 5, now: () => now });
    for (let i = 0; i < 20; i++) assert.deepEqual(limiter.take('alice'), { ok: true });
    assert.deepEqual(limiter.take('alice'), { ok: false, retryAfterMs: 200 });
    now += 100;
    assert.deepEqual(limiter.take('alice'), { ok: false, retryAfterMs: 100 });
    now += 100;
    assert.deepEqual(limiter.take('alice'), { ok: true });
  });

  it('keeps a separate budget per key', () => {
    const limiter = createTokenBucket({ burst: 1, perSecond: 1, now: () => 0 });
    assert.equal(limiter.take('alice').ok, true);
    assert.equal(limiter.take('alice').ok, false);
    assert.equal(limiter.take('bob').ok, true);
  });

  it('refills to the burst and no further', () => {
    let now = 0;
    const limiter = createTokenBucket({ burst: 2, perSecond: 10, now: () => now });
    limiter.take('k');
    now += 60_000;
    assert.equal(limiter.take('k').ok, true);
    assert.equal(limiter.take('k').ok, true);
    assert.equal(limiter.take('k').ok, false);
  });

  it('takes back a refunded unit, never past the burst', () => {
    const limiter = createTokenBucket({ burst: 2, perSecond: 1, now: () => 0 });
    limiter.refund('k');
    assert.equal(limiter.take('k').ok, true);
    limiter.refund('k');
    limiter.refund('k');
    assert.equal(limiter.take('k').ok, true);
    assert.equal(limiter.take('k').ok, true);
    assert.equal(limiter.take('k').ok, false);
  });

  it('forgets idle buckets so memory stays bounded', () => {
    let now = 0;
    const limiter = createTokenBucket({ burst: 1, perSecond: 1, now: () => now, sweepAbove: 2 });
    limiter.take('a');
    limiter.take('b');
    now += 5_000;
    limiter.take('c'); // sweeps a and b, which are full again
    assert.equal(limiter.take('a').ok, true);
  });
});
