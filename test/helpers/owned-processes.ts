import type { ChildProcess } from 'node:child_process';
import { after } from 'node:test';

/**
 * Everything the test helpers start (Parley nodes, Redis, nginx, databases), so that none
 * outlives the test file that started it, whatever happened: a suite's own `after` stops what it
 * knows of, gracefully; whatever is left when the file's last test ends (a `before` hook that
 * threw halfway, an `after` that failed) is killed here. A child left running would also keep
 * the file's process alive through its pipes, so the file would hang instead of failing.
 */
const children = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void>>();

/** Registers a started child process; it is killed when the test file ends if still running. */
export function own<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Registers a cleanup (dropping a database) to run when the test file ends; returns its undo. */
export function onFileEnd(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Kills every owned process still running and runs every pending cleanup. */
export async function releaseAll(): Promise<void> {
  const running = [...children];
  killAll();
  await Promise.all(
    running.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
          else child.once('exit', resolve);
        }),
    ),
  );
  const pending = [...cleanups];
  cleanups.clear();
  const results = await Promise.allSettled(pending.map((cleanup) => cleanup()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

// The last resort, for a process that ends without running its hooks (process.exit, a crash):
// signals can still be sent synchronously from an exit handler.
process.on('exit', killAll);

// Under `node --test` (each file is a process of its own with NODE_TEST_CONTEXT set), a
// top-level hook runs after every suite of the file, passed or failed. The benchmark imports
// these helpers outside the test runner, where registering a hook would start one.
if (process.env.NODE_TEST_CONTEXT !== undefined) after(releaseAll);
