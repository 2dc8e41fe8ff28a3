// @ts-check
/**
 * The thread that hashes and checks passwords (argon2id), one at a time, at a lower scheduling
 * priority than the event loop: on a machine with no core to spare, the kernel gives the cores
 * to message delivery first, and a sign-in waits a little longer instead of every message.
 * Plain JavaScript, so that the same file runs from source (tsx does not reach worker threads,
 * privatenumber/tsx#354) and next to the compiled server in dist/.
 * workerData: `{nice, options}`; each message: `{id, password, stored?}` (no `stored`: hash it).
 * Each answer: `{id, hash}` or `{id, matches}`.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { hashSync, verifySync } from '@node-rs/argon2';

/**
 * On Linux a nice value belongs to a thread, and `/proc/thread-self` names this one, so this
 * lowers only the password thread. Elsewhere it keeps the process's priority, as libuv's pool
 * would.
 * @param {number} nice
 */
function lowerOwnPriority(nice) {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, nice);
  } catch {
    // No /proc, or not allowed: the normal priority.
  }
}

const { nice, options } = workerData;
lowerOwnPriority(nice);

parentPort?.on('message', (/** @type {{id: number, password: string, stored?: string}} */ job) => {
  if (job.stored === undefined) {
    parentPort?.postMessage({ id: job.id, hash: hashSync(job.password, options) });
    return;
  }
  let matches = false;
  try {
    matches = verifySync(job.stored, job.password);
  } catch {
    // A malformed stored hash matches nothing.
  }
  parentPort?.postMessage({ id: job.id, matches });
});
