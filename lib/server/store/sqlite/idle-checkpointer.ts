import type { Database } from 'better-sqlite3';

/** Under steady load SQLite still checkpoints by itself, every this many WAL pages (16 MiB). */
export const BUSY_CHECKPOINT_PAGES = 4_000;
/** A connection with no commit for this long counts as idle. */
const IDLE_MS = 1_000;

/**
 * Folds the WAL back into the database file while the server is quiet, rather than in the
 * middle of a burst: a checkpoint blocks the event loop (it copies pages and fsyncs) for
 * ~10 ms or more. Under load that never pauses, SQLite's own autocheckpoint still runs, but
 * every 4,000 pages instead of 1,000. Everything runs on the one connection: a checkpoint from
 * a second connection on a worker thread was tried, and a kill -9 fault test once lost data
 * with it for a reason not found.
 */
export function checkpointWhenIdle(
  db: Database,
  // Tests tick it by hand.
  every: (check: () => void, ms: number) => () => void = (check, ms) => {
    const timer = setInterval(check, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
): () => void {
  db.pragma(`wal_autocheckpoint = ${BUSY_CHECKPOINT_PAGES}`);
  const totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  let seen = -1;
  let checkpointed = -1;
  return every(() => {
    if (!db.open) return;
    const changes = totalChanges.get()?.n ?? 0;
    // Still writing: wait for a quiet second. Quiet, with commits not yet folded in: fold them.
    if (changes !== seen) seen = changes;
    else if (changes !== checkpointed) {
      checkpointed = changes;
      db.pragma('wal_checkpoint(PASSIVE)');
    }
  }, IDLE_MS);
}
