import type { Database } from 'better-sqlite3';
import { QUOTE_LENGTH, type Attachment, type Message, type Reaction } from '../../../protocol';
import { isIntegrationSql } from '../account-rows';
import { groupReactions, toMessage as toMessageOf, type MessageRowOf } from '../message-rows';
import { createCommitBatcher } from './commit-batcher';
import { createSqliteAttachments } from './sqlite-attachments';
import { createSqliteMessageSearch } from './sqlite-message-search';
import type { SearchIndex } from './sqlite-search-index';
import {
  AttachmentsUnavailable,
  type AppendResult,
  type CommitTotals,
  type MessagePage,
  type MessageStore,
  type NewMessage,
  type StoredMessage,
  type UserRef,
} from '../types';

type MessageRow = MessageRowOf<string>;

// Every read joins the parent of a reply, so a quote always shows the parent as it is now.
const SELECT = `SELECT m.id, m.room, m.user_name, m.user_id, m.client_id, m.body, m.created_at,
  m.edited_at, m.deleted_at, m.reply_to, p.user_name AS reply_user,
  substr(p.body, 1, ${QUOTE_LENGTH}) AS reply_body, p.deleted_at AS reply_deleted_at,
  ${isIntegrationSql('m.user_id')} AS is_bot
  FROM messages m LEFT JOIN messages p ON p.id = m.reply_to`;

/**
 * Under load, commits come at most this often: every commit (WAL append + fsync) then carries
 * the messages of up to 5 ms. Fewer commits cost less CPU, but a hold is latency every message
 * pays, and issue 25 puts latency first while the server has CPU to spare. At 500 msg/s over
 * 100 rooms of 20 (2026-12-02, one round each): a 40 ms hold gave p50 25.6 ms, p99 43.5 ms,
 * 21.4 µs CPU per delivery (bare: 0.6 ms, 1.7 ms, 16.9 µs); 10 ms gave 6.8 / 11.8 ms, 23.5 µs;
 * 5 ms gave 3.4 / 6.8 ms, 27 µs; none gave 1.0 / 3.5 ms, 31.7 µs. With the loop 25-30% busy,
 * 5 ms keeps the median under 5 ms; the CPU has to come down elsewhere (CPU samples of the
 * same step put 19% of the server in this transaction, FTS5 a fifth of that: indexing now runs
 * in batches, sqlite-search-index.ts). Bots posting 50/s beside one busy room pushed the batcher
 * over its threshold and that load's p99 to 41-49 ms with a 40 ms hold; 14-20 ms with 5 ms.
 * The batcher holds messages back only while that load lasts: at 50 msg/s in one room of 1,000,
 * a 20 ms hold gathered one message a batch and took the p99 latency to 2-6x bare's.
 */
const GROUP_COMMIT_MS = 5;

const sameText = (time: string) => time;
const toMessage = (row: MessageRow, reactions?: Reaction[], attachments?: Attachment[]) =>
  toMessageOf(row, sameText, reactions, attachments);

/** SQLite messages; every query is a prepared statement served by an index. */
export function createSqliteMessageStore(db: Database, searchIndex: SearchIndex): MessageStore {
  const insert = db.prepare<
    [string, string, string, number, string, string, string, number | null],
    { id: number }
  >(
    `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at, reply_to)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_key, client_id) DO NOTHING
     RETURNING id`,
  );
  const byClientId = db.prepare<[string, string], MessageRow>(
    `${SELECT} WHERE m.user_key = ? AND m.client_id = ?`,
  );
  const byId = db.prepare<[number], MessageRow>(`${SELECT} WHERE m.id = ?`);
  const byIds = db.prepare<[string], MessageRow>(
    `${SELECT} WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id DESC`,
  );
  const live = 'm.room = ? AND m.deleted_at IS NULL';
  const latest = db.prepare<[string, number], MessageRow>(
    `${SELECT} WHERE ${live} ORDER BY m.id DESC LIMIT ?`,
  );
  const after = db.prepare<[string, number, number], MessageRow>(
    `${SELECT} WHERE ${live} AND m.id > ? ORDER BY m.id ASC LIMIT ?`,
  );
  const before = db.prepare<[string, number, number], MessageRow>(
    `${SELECT} WHERE ${live} AND m.id < ? ORDER BY m.id DESC LIMIT ?`,
  );
  const changed = db.prepare<[string, number, number, number], MessageRow>(
    `${SELECT} WHERE m.room = ? AND m.change_seq > 0 AND m.change_seq > ? AND m.id <= ?
     ORDER BY m.change_seq LIMIT ?`,
  );
  const reactionsOf = db.prepare<[string], { id: number; emoji: string; user: string }>(
    `SELECT message_id AS id, emoji, user_name AS user FROM reactions
     WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, user_name`,
  );
  const nextSeq = db.prepare<[], { value: number }>(
    "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
  );
  const currentSeq = db.prepare<[], { value: number }>(
    "SELECT value FROM counters WHERE name = 'change_seq'",
  );
  const updateBody = db.prepare<[string, string, number, number]>(
    'UPDATE messages SET body = ?, edited_at = ?, change_seq = ? WHERE id = ?',
  );
  const markDeleted = db.prepare<[string, number, number]>(
    "UPDATE messages SET body = '', deleted_at = ?, change_seq = ? WHERE id = ?",
  );
  const bumpSeq = db.prepare<[number, number]>('UPDATE messages SET change_seq = ? WHERE id = ?');
  const addReaction = db.prepare<[number, string, number, string, string]>(
    `INSERT INTO reactions (message_id, emoji, user_id, user_name, created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const removeReaction = db.prepare<[number, string, number]>(
    'DELETE FROM reactions WHERE message_id = ? AND emoji = ? AND user_id = ?',
  );
  const removeReactions = db.prepare<[number]>('DELETE FROM reactions WHERE message_id = ?');
  const attachments = createSqliteAttachments(db);
  /** Rows to messages, with their reactions and files (one query each for the lot). */
  function withReactions(rows: MessageRow[]): Message[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const reactions = groupReactions(reactionsOf.all(JSON.stringify(ids)));
    const files = attachments.of(ids);
    return rows.map((row) => toMessage(row, reactions.get(row.id), files.get(row.id)));
  }

  /** Turns up to `limit + 1` rows into a page, so one query tells whether more exist. */
  function toPage(rows: MessageRow[], limit: number, descending: boolean): MessagePage {
    const hasMore = rows.length > limit;
    const kept = hasMore ? rows.slice(0, limit) : rows;
    if (descending) kept.reverse();
    return { messages: withReactions(kept), hasMore };
  }

  const read = (id: number): Message | undefined => {
    const row = byId.get(id);
    return row === undefined ? undefined : withReactions([row])[0];
  };

  const findByClientId = (userKey: string, clientId: string): Message | undefined => {
    const row = byClientId.get(userKey, clientId);
    return row === undefined ? undefined : withReactions([row])[0];
  };

  const insertOne = (input: NewMessage, createdAt: string): AppendResult => {
    const row = insert.get(
      input.room,
      input.user,
      input.userKey,
      input.userId,
      input.clientId,
      input.message,
      createdAt,
      input.replyTo ?? null,
    );
    if (row === undefined) {
      // A retry: the stored message keeps the files its first send claimed.
      const existing = findByClientId(input.userKey, input.clientId);
      if (existing === undefined) throw new Error('message conflict without a stored message');
      return { message: existing, created: false };
    }
    const files = input.attachments ?? [];
    if (files.length > 0 && !attachments.claim(row.id, input.userId, files)) {
      throw new AttachmentsUnavailable();
    }
    // The hot path builds the new message without reading it back; only a reply (for its
    // quote) or a message with files reads it.
    if (input.replyTo !== undefined || files.length > 0) {
      const stored = read(row.id);
      if (stored !== undefined) return { message: stored, created: true };
    }
    const message: Message = {
      id: row.id,
      room: input.room,
      user: input.user,
      userId: input.userId,
      message: input.message,
      clientId: input.clientId,
      createdAt,
      reactions: [],
      attachments: [],
      ...(input.isBot === true ? { bot: true } : {}),
    };
    return { message, created: true };
  };
  // A message with files is its own savepoint within the batch: one whose files cannot be
  // claimed is rolled back alone, and its sender alone hears so.
  const insertWithFiles = db.transaction(insertOne);
  const insertEach = (input: NewMessage, createdAt: string) => {
    if ((input.attachments?.length ?? 0) === 0) return insertOne(input, createdAt);
    try {
      return insertWithFiles(input, createdAt);
    } catch (error) {
      if (error instanceof AttachmentsUnavailable) return error;
      throw error;
    }
  };
  const insertBatch = db.transaction((inputs: readonly NewMessage[]) => {
    const createdAt = new Date().toISOString();
    return inputs.map((input) => insertEach(input, createdAt));
  });
  const totals: CommitTotals = { commits: 0, cpuMicros: 0 };
  const appendBatched = createCommitBatcher(insertBatch, {
    minIntervalMs: GROUP_COMMIT_MS,
    onCommit: (cpuMicros) => {
      totals.commits++;
      totals.cpuMicros += cpuMicros;
    },
  });

  const edit = db.transaction((id: number, text: string) => {
    const seq = nextSeq.get()?.value ?? 0;
    updateBody.run(text, new Date().toISOString(), seq, id);
  });
  const remove = db.transaction((id: number) => {
    const seq = nextSeq.get()?.value ?? 0;
    const at = new Date().toISOString();
    removeReactions.run(id);
    attachments.release(id, at);
    markDeleted.run(at, seq, id);
  });
  const react = db.transaction((id: number, emoji: string, user: UserRef, on: boolean) => {
    const { changes } = on
      ? addReaction.run(id, emoji, user.id, user.name, new Date().toISOString())
      : removeReaction.run(id, emoji, user.id);
    // Only a real change takes a sequence number: toggling twice to the same state is quiet.
    if (changes > 0) bumpSeq.run(nextSeq.get()?.value ?? 0, id);
  });

  const must = (id: number): Message => {
    const message = read(id);
    if (message === undefined) throw new Error(`message ${id} vanished`);
    return message;
  };

  return {
    commitTotals: () => ({ ...totals }),
    append: async (input) => {
      const outcome = await appendBatched(input);
      if (outcome instanceof AttachmentsUnavailable) throw outcome;
      return outcome;
    },
    findByClientId: (userKey, clientId) => Promise.resolve(findByClientId(userKey, clientId)),
    latest: (room, limit) => Promise.resolve(toPage(latest.all(room, limit + 1), limit, true)),
    after: (room, afterId, limit) =>
      Promise.resolve(toPage(after.all(room, afterId, limit + 1), limit, false)),
    before: (room, beforeId, limit) =>
      Promise.resolve(toPage(before.all(room, beforeId, limit + 1), limit, true)),
    get: (id) => {
      const row = byId.get(id);
      if (row === undefined) return Promise.resolve(undefined);
      const message = withReactions([row])[0];
      if (message === undefined) return Promise.resolve(undefined);
      const stored: StoredMessage = {
        message,
        userId: row.user_id ?? undefined,
        isDeleted: row.deleted_at !== null,
      };
      return Promise.resolve(stored);
    },
    edit: (id, text) => {
      edit(id, text);
      return Promise.resolve(must(id));
    },
    remove: (id) => {
      remove(id);
      return Promise.resolve();
    },
    react: (id, emoji, user, on) => {
      react(id, emoji, user, on);
      return Promise.resolve(must(id));
    },
    currentSeq: () => Promise.resolve(currentSeq.get()?.value ?? 0),
    changesSince: (room, upToId, since, limit) => {
      const rows = changed.all(room, since, upToId, limit + 1);
      const truncated = rows.length > limit;
      const kept = truncated ? rows.slice(0, limit) : rows;
      return Promise.resolve({
        updated: withReactions(kept.filter((row) => row.deleted_at === null)),
        deleted: kept.filter((row) => row.deleted_at !== null).map((row) => row.id),
        truncated,
      });
    },
    search: createSqliteMessageSearch(db, searchIndex, (ids) =>
      withReactions(byIds.all(JSON.stringify(ids))),
    ),
  };
}
