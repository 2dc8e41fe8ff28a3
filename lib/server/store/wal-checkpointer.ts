import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** How often the worker folds the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 5_000;

/**
 * Starts the checkpoint worker for the database at `file`.
 */
export function startWalCheckpointer(file: string, intervalMs = CHECKPOINT_INTERVAL_MS) {
  // Beside this module in source, and beside the bundle in dist/ (the build copies it there).
  const script = new URL('./wal-checkpoint-worker.mjs', import.meta.url);
  const worker = new Worker(script, { workerData: { file, intervalMs } });
  // The worker must never keep a stopping process alive.
  worker.unref();
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    worker.postMessage('stop');
    await Promise.race([once(worker, 'message'), once(worker, 'exit')]);
    await worker.terminate();
  };
  return {
    /** Stops the worker once it has closed its connection; safe to call again. */
    stop: (): Promise<void> => (stopped ??= stop()),
  };
}
