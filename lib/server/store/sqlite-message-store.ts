import type { Database } from 'better-sqlite3';
import type { Message } from '../../protocol';
import { createCommitBatcher } from './commit-batcher';
import type { AppendResult, MessagePage, MessageStore, NewMessage } from './types';

interface MessageRow {
  id: number;
  room: string;
  user_name: string;
  client_id: string;
  body: string;
  created_at: string;
}

const COLUMNS = 'id, room, user_name, client_id, body, created_at';

/**
 * Under load, commits come at most this often: every fsync of the WAL then carries the messages
 * of up to 10 ms. An fsync costs ~0.6 ms of blocked event loop and CPU in the kernel here;
 * alone per message it was the largest cost per message at 500 msg/s (see docs/benchmarks.md).
 */
const GROUP_COMMIT_MS = 10;

/** The one place a stored row becomes a wire `Message`. */
function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    room: row.room,
    user: row.user_name,
    message: row.body,
    clientId: row.client_id,
    createdAt: row.created_at,
  };
}

/** Turns up to `limit + 1` rows into a page, so one query tells whether more exist. */
function toPage(rows: MessageRow[], limit: number, descending: boolean): MessagePage {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  if (descending) kept.reverse();
  return { messages: kept.map(toMessage), hasMore };
}

/** SQLite messages; every query is a prepared statement served by an index. */
export function createSqliteMessageStore(db: Database): MessageStore {
  const insert = db.prepare<[string, string, string, string, string, string], MessageRow>(
    `INSERT INTO messages (room, user_name, user_key, client_id, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_key, client_id) DO NOTHING
     RETURNING ${COLUMNS}`,
  );
  const byClientId = db.prepare<[string, string], MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE user_key = ? AND client_id = ?`,
  );
  const latest = db.prepare<[string, number], MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?`,
  );
  const after = db.prepare<[string, number, number], MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE room = ? AND id > ? ORDER BY id ASC LIMIT ?`,
  );
  const before = db.prepare<[string, number, number], MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?`,
  );

  const findByClientId = (userKey: string, clientId: string): Message | undefined => {
    const row = byClientId.get(userKey, clientId);
    return row === undefined ? undefined : toMessage(row);
  };

  const insertOne = (input: NewMessage, createdAt: string): AppendResult => {
    const row = insert.get(
      input.room,
      input.user,
      input.userKey,
      input.clientId,
      input.message,
      createdAt,
    );
    if (row !== undefined) return { message: toMessage(row), created: true };
    const existing = findByClientId(input.userKey, input.clientId);
    if (existing === undefined) throw new Error('message conflict without a stored message');
    return { message: existing, created: false };
  };
  const insertBatch = db.transaction((inputs: readonly NewMessage[]) => {
    const createdAt = new Date().toISOString();
    return inputs.map((input) => insertOne(input, createdAt));
  });

  return {
    append: createCommitBatcher(insertBatch, { minIntervalMs: GROUP_COMMIT_MS }),
    findByClientId: (userKey, clientId) => Promise.resolve(findByClientId(userKey, clientId)),
    latest: (room, limit) => Promise.resolve(toPage(latest.all(room, limit + 1), limit, true)),
    after: (room, afterId, limit) =>
      Promise.resolve(toPage(after.all(room, afterId, limit + 1), limit, false)),
    before: (room, beforeId, limit) =>
      Promise.resolve(toPage(before.all(room, beforeId, limit + 1), limit, true)),
  };
}
