import type { Database } from 'better-sqlite3';
import type { Message } from '../../../protocol';
import { findMatches, toFtsQuery } from '../fts-query';
import type { MessageStore } from '../types';
import type { SearchIndex } from './sqlite-search-index';

/**
 * `MessageStore.search` on FTS5: the index caught up first (new messages reach it in batches,
 * sqlite-search-index.ts), then only rooms the user may read, newest first, with the matched
 * words marked. `readMany` turns hit ids into messages (with reactions and files).
 */
export function createSqliteMessageSearch(
  db: Database,
  searchIndex: SearchIndex,
  readMany: (ids: readonly number[]) => Message[],
): MessageStore['search'] {
  const search = db.prepare<
    [string, number, string | null, string | null, number, number],
    { id: number; marked: string }
  >(
    `SELECT f.rowid AS id, highlight(messages_fts, 0, char(1), char(2)) AS marked
     FROM messages_fts f JOIN messages m ON m.id = f.rowid
     WHERE messages_fts MATCH ? AND m.deleted_at IS NULL
       AND m.room IN (SELECT name FROM rooms WHERE kind = 'channel' AND private = 0
                      UNION SELECT room FROM room_members WHERE user_id = ?)
       AND (? IS NULL OR m.room = ?) AND f.rowid < ?
     ORDER BY f.rowid DESC LIMIT ?`,
  );
  return (userId, query, { room, before, limit }) => {
    const match = toFtsQuery(query);
    if (match === undefined) return Promise.resolve({ results: [], hasMore: false });
    searchIndex.catchUp();
    const hits = search.all(
      match,
      userId,
      room ?? null,
      room ?? null,
      before ?? Number.MAX_SAFE_INTEGER,
      limit + 1,
    );
    const hasMore = hits.length > limit;
    const kept = hasMore ? hits.slice(0, limit) : hits;
    const messages = new Map(readMany(kept.map((hit) => hit.id)).map((m) => [m.id, m]));
    const results = kept.flatMap((hit) => {
      const message = messages.get(hit.id);
      return message === undefined ? [] : [{ message, matches: findMatches(hit.marked) }];
    });
    return Promise.resolve({ results, hasMore });
  };
}
