import type pg from 'pg';
import { QUOTE_LENGTH, type Message } from '../../../protocol';
import { findMatches, toTsQuery } from '../fts-query';
import { isIntegrationSql } from '../account-rows';
import { groupReactions, toMessage as toMessageOf, type MessageRowOf } from '../message-rows';
import { createSerialBatcher } from '../serial-batcher';
import type { MessagePage, MessageStore, StoredMessage, UserRef } from '../types';
import { appendWithAttachments, attachmentsOf, releaseAttachments } from './postgres-attachments';
import { inTransaction } from './postgres-database';
import { createPostgresInsertBatch, keyOf } from './postgres-message-batch';

type MessageRow = MessageRowOf<Date>;

// Every read joins the parent of a reply, so a quote always shows the parent as it is now.
const SELECT = `SELECT m.id, m.room, m.user_name, m.user_id, m.client_id, m.body, m.created_at,
  m.edited_at, m.deleted_at, m.reply_to, p.user_name AS reply_user,
  left(p.body, ${QUOTE_LENGTH}) AS reply_body, p.deleted_at AS reply_deleted_at,
  ${isIntegrationSql('m.user_id')} AS is_bot
  FROM messages m LEFT JOIN messages p ON p.id = m.reply_to`;
const LIVE = 'm.room = $1 AND m.deleted_at IS NULL';

// What ts_headline wraps each match in; stored text never holds control characters.
const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, HighlightAll=true';

const isoOf = (time: Date) => time.toISOString();

/**
 * PostgreSQL messages. Several nodes write at once, so ids are made to increase in commit order
 * per room: a batch takes a transaction-scoped advisory lock on each of its rooms (in one
 * order, so two batches never deadlock) before it draws ids, and holds them until it commits.
 * A reader that has seen id N in a room can then never later find a smaller one appear there,
 * so catching up with `after` never skips a message. Edits, deletes and reactions draw their
 * sequence from one counter row, whose row lock orders them by commit the same way.
 */
export function createPostgresMessageStore(pool: pg.Pool): MessageStore {
  async function withReactions(rows: MessageRow[]): Promise<Message[]> {
    if (rows.length === 0) return [];
    const { rows: found } = await pool.query<{ id: number; emoji: string; user: string }>(
      `SELECT message_id AS id, emoji, user_name AS user FROM reactions
       WHERE message_id = ANY($1::bigint[]) ORDER BY created_at, user_name`,
      [rows.map((row) => row.id)],
    );
    const reactions = groupReactions(found);
    const files = await attachmentsOf(
      pool,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toMessageOf(row, isoOf, reactions.get(row.id), files.get(row.id)));
  }

  async function toPage(rows: MessageRow[], limit: number, descending: boolean) {
    const hasMore = rows.length > limit;
    const kept = hasMore ? rows.slice(0, limit) : rows;
    if (descending) kept.reverse();
    const page: MessagePage = { messages: await withReactions(kept), hasMore };
    return page;
  }

  async function readRow(id: number): Promise<MessageRow | undefined> {
    const { rows } = await pool.query<MessageRow>(`${SELECT} WHERE m.id = $1`, [id]);
    return rows[0];
  }

  async function read(id: number): Promise<Message> {
    const row = await readRow(id);
    if (row === undefined) throw new Error(`message ${id} vanished`);
    const [message] = await withReactions([row]);
    if (message === undefined) throw new Error(`message ${id} vanished`);
    return message;
  }

  async function findByClientIds(keys: { userKey: string; clientId: string }[]) {
    const { rows } = await pool.query<MessageRow & { user_key: string }>(
      `${SELECT.replace('SELECT m.id,', 'SELECT m.user_key, m.id,')}
       WHERE (m.user_key, m.client_id) IN
         (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [keys.map((key) => key.userKey), keys.map((key) => key.clientId)],
    );
    const messages = await withReactions(rows);
    return new Map(
      rows.flatMap((row, index) => {
        const message = messages[index];
        return message === undefined ? [] : [[keyOf(row.user_key, row.client_id), message]];
      }),
    );
  }

  const appendBatched = createSerialBatcher(
    createPostgresInsertBatch(pool, { byId: read, byClientIds: findByClientIds }),
  );

  /** Takes the next change sequence; the row stays locked until the transaction ends. */
  async function nextSeq(client: pg.PoolClient): Promise<number> {
    const { rows } = await client.query<{ value: number }>(
      "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
    );
    return rows[0]?.value ?? 0;
  }

  return {
    append: (input) => {
      const files = input.attachments ?? [];
      if (files.length === 0) return appendBatched(input);
      return appendWithAttachments(pool, input, files, {
        byId: read,
        byClientId: async (userKey, clientId) =>
          (await findByClientIds([{ userKey, clientId }])).get(keyOf(userKey, clientId)),
      });
    },
    findByClientId: async (userKey, clientId) =>
      (await findByClientIds([{ userKey, clientId }])).get(keyOf(userKey, clientId)),
    latest: async (room, limit) => {
      const { rows } = await pool.query<MessageRow>(
        `${SELECT} WHERE ${LIVE} ORDER BY m.id DESC LIMIT $2`,
        [room, limit + 1],
      );
      return toPage(rows, limit, true);
    },
    after: async (room, afterId, limit) => {
      const { rows } = await pool.query<MessageRow>(
        `${SELECT} WHERE ${LIVE} AND m.id > $2 ORDER BY m.id ASC LIMIT $3`,
        [room, afterId, limit + 1],
      );
      return toPage(rows, limit, false);
    },
    before: async (room, beforeId, limit) => {
      const { rows } = await pool.query<MessageRow>(
        `${SELECT} WHERE ${LIVE} AND m.id < $2 ORDER BY m.id DESC LIMIT $3`,
        [room, beforeId, limit + 1],
      );
      return toPage(rows, limit, true);
    },
    get: async (id) => {
      const row = await readRow(id);
      if (row === undefined) return undefined;
      const [message] = await withReactions([row]);
      if (message === undefined) return undefined;
      const stored: StoredMessage = {
        message,
        userId: row.user_id ?? undefined,
        isDeleted: row.deleted_at !== null,
      };
      return stored;
    },
    edit: async (id, text) => {
      await inTransaction(pool, async (client) => {
        const seq = await nextSeq(client);
        await client.query(
          'UPDATE messages SET body = $1, edited_at = now(), change_seq = $2 WHERE id = $3',
          [text, seq, id],
        );
      });
      return read(id);
    },
    remove: async (id) => {
      await inTransaction(pool, async (client) => {
        const seq = await nextSeq(client);
        await client.query('DELETE FROM reactions WHERE message_id = $1', [id]);
        await releaseAttachments(client, id);
        await client.query(
          "UPDATE messages SET body = '', deleted_at = now(), change_seq = $1 WHERE id = $2",
          [seq, id],
        );
      });
    },
    react: async (id, emoji, user: UserRef, on) => {
      await inTransaction(pool, async (client) => {
        const { rowCount } = on
          ? await client.query(
              `INSERT INTO reactions (message_id, emoji, user_id, user_name, created_at)
               VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING`,
              [id, emoji, user.id, user.name],
            )
          : await client.query(
              'DELETE FROM reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3',
              [id, emoji, user.id],
            );
        // Only a real change takes a sequence number: toggling twice to the same state is quiet.
        if ((rowCount ?? 0) > 0) {
          const seq = await nextSeq(client);
          await client.query('UPDATE messages SET change_seq = $1 WHERE id = $2', [seq, id]);
        }
      });
      return read(id);
    },
    currentSeq: async () => {
      const { rows } = await pool.query<{ value: number }>(
        "SELECT value FROM counters WHERE name = 'change_seq'",
      );
      return rows[0]?.value ?? 0;
    },
    changesSince: async (room, upToId, since, limit) => {
      const { rows } = await pool.query<MessageRow>(
        `${SELECT} WHERE m.room = $1 AND m.change_seq > 0 AND m.change_seq > $2 AND m.id <= $3
         ORDER BY m.change_seq LIMIT $4`,
        [room, since, upToId, limit + 1],
      );
      const truncated = rows.length > limit;
      const kept = truncated ? rows.slice(0, limit) : rows;
      return {
        updated: await withReactions(kept.filter((row) => row.deleted_at === null)),
        deleted: kept.filter((row) => row.deleted_at !== null).map((row) => row.id),
        truncated,
      };
    },
    search: async (userId, query, { room, before: beforeId, limit }) => {
      const match = toTsQuery(query);
      if (match === undefined) return { results: [], hasMore: false };
      const { rows: hits } = await pool.query<{ id: number; marked: string }>(
        `SELECT m.id, ts_headline('parley_search', m.body, q, $6) AS marked
         FROM messages m, to_tsquery('parley_search', $1) AS q
         WHERE m.search @@ q AND m.deleted_at IS NULL
           AND m.room IN (SELECT name FROM rooms WHERE kind = 'channel' AND NOT private
                          UNION SELECT room FROM room_members WHERE user_id = $2)
           AND ($3::text IS NULL OR m.room = $3) AND m.id < $4
         ORDER BY m.id DESC LIMIT $5`,
        [
          match,
          userId,
          room ?? null,
          beforeId ?? Number.MAX_SAFE_INTEGER,
          limit + 1,
          HEADLINE_OPTIONS,
        ],
      );
      const hasMore = hits.length > limit;
      const kept = hasMore ? hits.slice(0, limit) : hits;
      const { rows } = await pool.query<MessageRow>(
        `${SELECT} WHERE m.id = ANY($1::bigint[]) ORDER BY m.id DESC`,
        [kept.map((hit) => hit.id)],
      );
      const messages = new Map((await withReactions(rows)).map((m) => [m.id, m]));
      const results = kept.flatMap((hit) => {
        const message = messages.get(hit.id);
        return message === undefined ? [] : [{ message, matches: findMatches(hit.marked) }];
      });
      return { results, hasMore };
    },
  };
}
