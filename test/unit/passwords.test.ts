import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../../lib/server/auth/passwords';

/** The scheduling policy and nice value of each thread of process `pid` (Linux /proc). */
function threadsOf(pid: number): { policy: number; nice: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) ": the 19th field of stat is nice, the 41st the policy.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { nice: Number(fields[16]), policy: Number(fields[38]) };
  });
}

const SCHED_IDLE = 5;

describe('passwords', () => {
  it('hashes with argon2id and OWASP parameters, and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    assert.match(stored, /^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
    assert.equal(await verifyPassword(stored, 'correct horse battery'), true);
    assert.equal(await verifyPassword(stored, 'correct horse batterY'), false);
    // The same text in another Unicode form is the same password.
    const composed = await hashPassword('caf\u00e9 au lait!');
    assert.equal(await verifyPassword(composed, 'cafe\u0301 au lait!'), true);
    // No stored hash (an unknown name) and a malformed one both say no, without throwing.
    assert.equal(await verifyPassword(undefined, 'correct horse battery'), false);
    assert.equal(await verifyPassword('not a hash', 'correct horse battery'), false);
  });

  it('hashes outside the server process, on spare CPU only (SCHED_IDLE on Linux)', async (t) => {
    if (process.platform !== 'linux') return t.skip('scheduling policies are Linux’s');
    await hashPassword('a password to start the process');
    const children = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'password-worker'])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    assert.equal(children.length, 1, 'one password process');
    const [child] = children;
    assert.ok(child !== undefined && child !== process.pid);
    const threads = threadsOf(child);
    // The thread that hashes (the process's main thread) yields to every other thread.
    assert.ok(threads.some((thread) => thread.policy === SCHED_IDLE && thread.nice === 19));
    assert.ok(threadsOf(process.pid).every((thread) => thread.policy !== SCHED_IDLE));
  });

  it('starts a new password process if the old one dies, failing only what it held', async () => {
    const stored = await hashPassword('survives a crash');
    const [child] = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'password-worker'])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    assert.ok(child !== undefined);
    process.kill(child, 'SIGKILL');
    // Whatever was in flight when it died is refused, never answered wrongly; the next works.
    await verifyPassword(stored, 'survives a crash').catch(() => false);
    assert.equal(await verifyPassword(stored, 'survives a crash'), true);
  });
});
