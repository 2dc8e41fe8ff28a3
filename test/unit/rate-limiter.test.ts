import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTokenBucket } from '../../lib/server/rate-limiter';

describe('token bucket', () => {
  it('allows the burst, then refuses with the time until the next token', async () => {
    let now = 1_000;
    const limiter = createTokenBucket({ burst: 20, perSecond: 5, now: () => now });
    for (let i = 0; i < 20; i++) assert.deepEqual(await limiter.take('alice'), { ok: true });
    assert.deepEqual(await limiter.take('alice'), { ok: false, retryAfterMs: 200 });
    now += 100;
    assert.deepEqual(await limiter.take('alice'), { ok: false, retryAfterMs: 100 });
    now += 100;
    assert.deepEqual(await limiter.take('alice'), { ok: true });
  });

  it('keeps a separate budget per key', async () => {
    const limiter = createTokenBucket({ burst: 1, perSecond: 1, now: () => 0 });
    assert.equal((await limiter.take('alice')).ok, true);
    assert.equal((await limiter.take('alice')).ok, false);
    assert.equal((await limiter.take('bob')).ok, true);
  });

  it('refills to the burst and no further', async () => {
    let now = 0;
    const limiter = createTokenBucket({ burst: 2, perSecond: 10, now: () => now });
    await limiter.take('k');
    now += 60_000;
    assert.equal((await limiter.take('k')).ok, true);
    assert.equal((await limiter.take('k')).ok, true);
    assert.equal((await limiter.take('k')).ok, false);
  });

  it('takes back a refunded unit, never past the burst', async () => {
    const limiter = createTokenBucket({ burst: 2, perSecond: 1, now: () => 0 });
    await limiter.refund('k');
    assert.equal((await limiter.take('k')).ok, true);
    await limiter.refund('k');
    await limiter.refund('k');
    assert.equal((await limiter.take('k')).ok, true);
    assert.equal((await limiter.take('k')).ok, true);
    assert.equal((await limiter.take('k')).ok, false);
  });

  it('forgets idle buckets so memory stays bounded', async () => {
    let now = 0;
    const limiter = createTokenBucket({ burst: 1, perSecond: 1, now: () => now, sweepAbove: 2 });
    await limiter.take('a');
    await limiter.take('b');
    now += 5_000;
    await limiter.take('c'); // sweeps a and b, which are full again
    assert.equal((await limiter.take('a')).ok, true);
  });
});
