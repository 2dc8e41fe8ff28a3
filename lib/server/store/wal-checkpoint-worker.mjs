// @ts-check
/**
 * Runs in a worker thread: checkpoints the WAL into the database file on a timer, with its own
 * connection, so the copying and its fsync never stall the chat's event loop. PASSIVE never
 * waits for, or blocks, the main connection's readers and writers.
 *
 * Plain JavaScript on purpose: a worker thread on Node 20 does not get the TypeScript loader, and
 * this way the same file runs from source and from dist/.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, intervalMs } = /** @type {{ file: string, intervalMs: number }} */ (workerData);
const db = new BetterSqlite3(file);
db.pragma('busy_timeout = 1000');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or failing checkpoint is retried on the next tick; the WAL stays correct meanwhile.
  }
}, intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.postMessage('stopped');
});
