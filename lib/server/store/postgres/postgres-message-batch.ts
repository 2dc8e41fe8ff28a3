import type pg from 'pg';
import type { Message } from '../../../protocol';
import type { AppendResult, NewMessage } from '../types';
import { inTransaction } from './postgres-database';

/** A message's idempotency key, as one string. */
export const keyOf = (userKey: string, clientId: string) => `${userKey}\u0000${clientId}`;

export interface BatchReads {
  byId: (id: number) => Promise<Message>;
  /** The stored messages of these keys, by `keyOf`. */
  byClientIds: (keys: { userKey: string; clientId: string }[]) => Promise<Map<string, Message>>;
}

/**
 * The insert of a batch of messages without files, in one transaction (one commit for the lot):
 * a transaction-scoped advisory lock on each of its rooms, taken in one order so two batches
 * never deadlock, keeps ids in commit order per room across nodes.
 */
export function createPostgresInsertBatch(pool: pg.Pool, read: BatchReads) {
  async function insertBatch(inputs: readonly NewMessage[]): Promise<AppendResult[]> {
    const createdAt = new Date();
    const inserted = await inTransaction(pool, async (client) => {
      await client.query(
        `SELECT pg_advisory_xact_lock(k) FROM
           (SELECT DISTINCT hashtextextended(r, 0) AS k FROM unnest($1::text[]) AS r) AS keys
         ORDER BY k`,
        [[...new Set(inputs.map((input) => input.room))]],
      );
      const { rows } = await client.query<{ id: number; user_key: string; client_id: string }>(
        `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at,
                               reply_to)
         SELECT room, user_name, user_key, user_id, client_id, body, $8, reply_to
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                     $7::bigint[]) WITH ORDINALITY
           AS input (room, user_name, user_key, user_id, client_id, body, reply_to, position)
         ORDER BY position
         ON CONFLICT (user_key, client_id) DO NOTHING
         RETURNING id, user_key, client_id`,
        [
          inputs.map((input) => input.room),
          inputs.map((input) => input.user),
          inputs.map((input) => input.userKey),
          inputs.map((input) => input.userId),
          inputs.map((input) => input.clientId),
          inputs.map((input) => input.message),
          inputs.map((input) => input.replyTo ?? null),
          createdAt,
        ],
      );
      return new Map(rows.map((row) => [keyOf(row.user_key, row.client_id), row.id]));
    });

    // A key is new only for its first caller: a second call in the same batch, or one stored
    // before, gets the stored message.
    const claimed = new Set<string>();
    const repeated = inputs.filter((input) => {
      const key = keyOf(input.userKey, input.clientId);
      const isFirst = inserted.has(key) && !claimed.has(key);
      claimed.add(key);
      return !isFirst;
    });
    const stored =
      repeated.length > 0 ? await read.byClientIds(repeated) : new Map<string, Message>();
    claimed.clear();
    return Promise.all(
      inputs.map(async (input): Promise<AppendResult> => {
        const key = keyOf(input.userKey, input.clientId);
        const id = inserted.get(key);
        if (id !== undefined && !claimed.has(key)) {
          claimed.add(key);
          // Only a reply reads its parent back, for the quote.
          if (input.replyTo !== undefined) return { message: await read.byId(id), created: true };
          const message: Message = {
            id,
            room: input.room,
            user: input.user,
            userId: input.userId,
            message: input.message,
            clientId: input.clientId,
            createdAt: createdAt.toISOString(),
            reactions: [],
            attachments: [],
            ...(input.isBot === true ? { bot: true } : {}),
          };
          return { message, created: true };
        }
        const existing = stored.get(key);
        if (existing === undefined) throw new Error('message conflict without a stored message');
        return { message: existing, created: false };
      }),
    );
  }

  return insertBatch;
}
