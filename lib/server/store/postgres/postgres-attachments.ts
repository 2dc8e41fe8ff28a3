import type pg from 'pg';
import type { Attachment, Message } from '../../../protocol';
import { ATTACHMENT_COLUMNS, groupAttachments, type AttachmentRow } from '../attachment-rows';
import { AttachmentsUnavailable, type AppendResult, type NewMessage } from '../types';
import { inTransaction } from './postgres-database';

/** The live attachments of these messages, by message id. */
export async function attachmentsOf(
  pool: pg.Pool,
  messageIds: readonly number[],
): Promise<Map<number, Attachment[]>> {
  if (messageIds.length === 0) return new Map();
  const { rows } = await pool.query<AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM uploads
     WHERE message_id = ANY($1::bigint[]) AND removed_at IS NULL
     ORDER BY message_id, position`,
    [messageIds],
  );
  return groupAttachments(rows);
}

/** Marks a deleted message's files removed, in the delete's transaction. */
export async function releaseAttachments(client: pg.PoolClient, messageId: number) {
  await client.query(
    'UPDATE uploads SET removed_at = now() WHERE message_id = $1 AND removed_at IS NULL',
    [messageId],
  );
}

/**
 * Stores a message with files in a transaction of its own (not the insert batch): the message
 * and the claim of every file commit together or not at all. The room's advisory lock keeps ids
 * in commit order per room, as the batch does.
 */
export async function appendWithAttachments(
  pool: pg.Pool,
  input: NewMessage,
  files: readonly string[],
  read: {
    byId: (id: number) => Promise<Message>;
    byClientId: (userKey: string, clientId: string) => Promise<Message | undefined>;
  },
): Promise<AppendResult> {
  const id = await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [input.room]);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO messages (room, user_name, user_key, user_id, client_id, body, created_at,
                             reply_to)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
       ON CONFLICT (user_key, client_id) DO NOTHING RETURNING id`,
      [
        input.room,
        input.user,
        input.userKey,
        input.userId,
        input.clientId,
        input.message,
        input.replyTo ?? null,
      ],
    );
    const inserted = rows[0]?.id;
    if (inserted === undefined) return undefined;
    const { rowCount } = await client.query(
      `UPDATE uploads SET message_id = $1, position = file.position - 1
       FROM unnest($2::text[]) WITH ORDINALITY AS file (id, position)
       WHERE uploads.id = file.id AND uploads.user_id = $3 AND uploads.message_id IS NULL
         AND uploads.removed_at IS NULL`,
      [inserted, files, input.userId],
    );
    // Thrown inside the transaction, so it rolls the message back too.
    if (rowCount !== files.length) throw new AttachmentsUnavailable();
    return inserted;
  });
  if (id !== undefined) return { message: await read.byId(id), created: true };
  // A retry: the stored message keeps the files its first send claimed.
  const existing = await read.byClientId(input.userKey, input.clientId);
  if (existing === undefined) throw new Error('message conflict without a stored message');
  return { message: existing, created: false };
}
