import type { Database } from 'better-sqlite3';
import type { Attachment } from '../../../protocol';
import { ATTACHMENT_COLUMNS, groupAttachments, type AttachmentRow } from '../attachment-rows';

/** The message store's side of `uploads`: reading, claiming and releasing a message's files. */
export function createSqliteAttachments(db: Database) {
  const ofMessages = db.prepare<[string], AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM uploads
     WHERE message_id IN (SELECT value FROM json_each(?)) AND removed_at IS NULL
     ORDER BY message_id, position`,
  );
  const claimOne = db.prepare<[number, number, string, number]>(
    `UPDATE uploads SET message_id = ?, position = ?
     WHERE id = ? AND user_id = ? AND message_id IS NULL AND removed_at IS NULL`,
  );
  const release = db.prepare<[string, number]>(
    'UPDATE uploads SET removed_at = ? WHERE message_id = ? AND removed_at IS NULL',
  );

  return {
    /** The live attachments of these messages, by message id. */
    of(messageIds: readonly number[]): Map<number, Attachment[]> {
      if (messageIds.length === 0) return new Map();
      return groupAttachments(ofMessages.all(JSON.stringify(messageIds)));
    },
    /**
     * Claims `ids` for the message, in order; false when any is not the author's unsent upload
     * (the caller then rolls the message and the other claims back).
     */
    claim(messageId: number, userId: number, ids: readonly string[]): boolean {
      return ids.every(
        (id, position) => claimOne.run(messageId, position, id, userId).changes === 1,
      );
    },
    /** Marks a deleted message's files removed; the sweeper deletes their bytes. */
    release(messageId: number, at: string): void {
      release.run(at, messageId);
    },
  };
}
