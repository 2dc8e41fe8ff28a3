import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { describe, it, mock } from 'node:test';
import { secretMatches } from '../../lib/server/http/secret-match';

describe('secretMatches', () => {
  it('accepts the secret and refuses anything else', () => {
    assert.equal(secretMatches('open sesame', 'open sesame'), true);
    for (const given of [undefined, '', 'open', 'open sesame!', 'OPEN SESAME']) {
      assert.equal(secretMatches('open sesame', given), false, String(given));
    }
  });

  it('does the same constant-time work whatever the length of the guess', (t) => {
    const compare = mock.method(crypto, 'timingSafeEqual');
    syncBuiltinESMExports();
    t.after(() => {
      compare.mock.restore();
      syncBuiltinESMExports();
    });
    // A comparison that first checks lengths answers a short or long guess without comparing,
    // sooner than a guess of the right length: that difference tells the secret's length.
    for (const guess of ['x', 'abcdefghijk', 'y'.repeat(500)]) secretMatches('open sesame', guess);
    assert.equal(compare.mock.callCount(), 3);
    for (const call of compare.mock.calls) {
      const [a, b] = call.arguments;
      assert.equal(a.byteLength, 32);
      assert.equal(b.byteLength, 32);
    }
  });
});
