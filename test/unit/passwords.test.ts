import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../lib/server/auth/passwords';

describe('passwords', () => {
  it('hashes with argon2id and OWASP parameters, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(stored, 'correct horse battery'), true);
    assert.equal(await verifyPassword(stored, 'correct horse batterY'), false);
    // The same text in another Unicode form is the same password.
    const composed = await hashPassword('caf\u00e9 au lait!');
    assert.equal(await verifyPassword(composed, 'cafe\u0301 au lait!'), true);
    // No stored hash (an unknown name) and a malformed one both say no, without throwing.
    assert.equal(await verifyPassword(undefined, 'correct horse battery'), false);
    assert.equal(await verifyPassword('not a hash', 'correct horse battery'), false);
  });
});
