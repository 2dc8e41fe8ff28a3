/**
 * The password process: argon2id hashes and checks, one at a time, on spare CPU only. While the
 * machine is busy delivering messages, the hashing waits instead of taking a core from the event
 * loop; when the machine is idle, a sign-in costs what it always did. A process of its own, not
 * a worker thread: measured, a worker thread hashing in the server's process slowed message
 * delivery even at the lowest priority (each hash maps and unmaps 7 MiB in the process the event
 * loop runs in), where a process of its own at the same priority did not.
 */
import { execFileSync } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { hashSync, verifySync } from '@node-rs/argon2';
import { ARGON2, type PasswordAnswer, type PasswordJob } from './password-work';

/**
 * Lowers this thread's CPU priority as far as an unprivileged thread may. The lowest nice value
 * is not enough: measured on a 2-core Linux 6.x (EEVDF) machine, a nice-19 process hashing 20
 * passwords a second still tripled the message p99 of a busy server, since a waking event loop
 * waits out the hasher's time slice. Linux's SCHED_IDLE policy (set with util-linux's `chrt`,
 * allowed to any thread for itself) yields at once: the same hashing beside the same load, in a
 * process of its own, then left the p99 where it was.
 */
function yieldToEveryone(): void {
  try {
    // pid 0: the calling thread (Linux keeps nice values per thread).
    setPriority(0, constants.priority.PRIORITY_LOW);
  } catch {
    // Where priorities cannot be changed, hashing still runs off the event loop.
  }
  if (process.platform !== 'linux') return;
  try {
    // The process's main thread (its id is the pid) is the one that hashes.
    execFileSync('chrt', ['--idle', '--pid', '0', String(process.pid)], {
      stdio: 'ignore',
      timeout: 5_000,
    });
  } catch {
    // No `chrt` (or not allowed): the nice value above still applies.
  }
}

yieldToEveryone();

/** A stored hash that cannot be read matches nothing. */
function matches(stored: string, password: string): boolean {
  try {
    return verifySync(stored, password);
  } catch {
    return false;
  }
}

function answer(job: PasswordJob): PasswordAnswer {
  try {
    if (job.kind === 'hash') return { id: job.id, ok: true, value: hashSync(job.password, ARGON2) };
    return { id: job.id, ok: true, value: matches(job.stored, job.password) };
  } catch (error) {
    return { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (job: PasswordJob) => process.send?.(answer(job)));
// The server is gone (or stopped it): nothing is left to hash for.
process.on('disconnect', () => process.exit(0));
