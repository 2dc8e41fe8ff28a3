import BetterSqlite3, { type Database } from 'better-sqlite3';

/** Under steady writing, new messages are indexed at least this often. */
export const INDEX_EVERY_MS = 1_000;

/**
 * Full-text indexing of new messages, outside their commits: FTS5 writes a segment (and merges
 * segments) at the end of every transaction that touches it, so indexing inside the group
 * commit cost every commit that work, and every message a savepoint on the virtual table. This
 * indexes every message above the 'fts_indexed' mark in one transaction and moves the mark:
 * before every search (so a search sees every acknowledged message), every second while
 * messages arrive, at start (a crash can leave committed messages unindexed) and at close.
 * Edits and deletes of messages above the mark need nothing: the triggers of migration 11 skip
 * them, and the batch reads the text each has by then. One connection does all writing, so
 * nothing commits between reading the newest id and moving the mark.
 */
export function createSearchIndex(db: Database) {
  const mark = db.prepare<[], { value: number }>(
    "SELECT value FROM counters WHERE name = 'fts_indexed'",
  );
  const newest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM messages');
  const index = db.prepare<[number, number]>(
    'INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > ? AND id <= ?',
  );
  const move = db.prepare<[number]>("UPDATE counters SET value = ? WHERE name = 'fts_indexed'");
  const catchUp = db.transaction(() => {
    const from = mark.get()?.value ?? 0;
    const to = newest.get()?.id ?? 0;
    if (to <= from) return;
    index.run(from, to);
    move.run(to);
  });
  // Storage can fail (a full disk, another process holding the write lock): the messages stay
  // stored, the mark stays where it was, and the next try indexes them.
  const tryCatchUp = () => {
    if (!db.open) return;
    try {
      catchUp();
    } catch (error) {
      if (!(error instanceof BetterSqlite3.SqliteError)) throw error;
    }
  };
  tryCatchUp();
  const timer = setInterval(tryCatchUp, INDEX_EVERY_MS);
  timer.unref();
  return {
    /**
     * Indexes every stored message not yet indexed (a no-op when none is waiting). While storage
     * fails, a search answers from what is indexed rather than not at all.
     */
    catchUp: tryCatchUp,
    close: () => {
      clearInterval(timer);
      tryCatchUp();
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
