import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hashPassword, needsRehash, verifyPassword } from '../../lib/server/auth/passwords';
import { earlierPasswordHash } from '../helpers/seed';

/** The nice value of each thread of this process (Linux's /proc/self/task/<tid>/stat). */
function niceOf(thread: string): number {
  const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the state, field 3; nice is
  // field 19.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
}
const threadNiceValues = () => readdirSync('/proc/self/task').map(niceOf);

describe('passwords', () => {
  it('hashes with argon2id and OWASP parameters, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.match(stored, /^\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    assert.equal(needsRehash(stored), false);
    assert.equal(await verifyPassword(stored, 'correct horse battery'), true);
    assert.equal(await verifyPassword(stored, 'correct horse batterY'), false);
    // The same text in another Unicode form is the same password.
    const composed = await hashPassword('caf\u00e9 au lait!');
    assert.equal(await verifyPassword(composed, 'cafe\u0301 au lait!'), true);
    // No stored hash (an unknown name) and a malformed one both say no, without throwing.
    assert.equal(await verifyPassword(undefined, 'correct horse battery'), false);
    assert.equal(await verifyPassword('not a hash', 'correct horse battery'), false);
  });

  it('still verifies a hash of the earlier setting, and says it needs a rehash', async () => {
    const earlier = await earlierPasswordHash('correct horse battery');
    assert.equal(needsRehash(earlier), true);
    assert.equal(await verifyPassword(earlier, 'correct horse battery'), true);
    assert.equal(await verifyPassword(earlier, 'wrong horse battery'), false);
  });

  it('checks passwords on a thread of lower priority than the event loop', async () => {
    await hashPassword('warm the thread up');
    // The main thread's id is the process id.
    assert.equal(niceOf(String(process.pid)), 0);
    assert.ok(threadNiceValues().includes(10), `threads: ${threadNiceValues().join(', ')}`);
  });

  it('many checks at once all answer, each with its own result', async () => {
    const stored = await hashPassword('one right password');
    const tries = ['one right password', 'a wrong one', 'one right password', 'another wrong'];
    const results = await Promise.all(tries.map((attempt) => verifyPassword(stored, attempt)));
    assert.deepEqual(results, [true, false, true, false]);
  });
});
