import type { Attachment } from '../../protocol';

/** An upload row as a message's attachment, in both stores. */
export interface AttachmentRow {
  id: string;
  /** bigint in PostgreSQL, read as a number (postgres-database.ts) */
  message_id: number;
  name: string;
  size: number;
  type: string;
  width: number | null;
  height: number | null;
  thumbnail_size: number | null;
}

/** The columns `AttachmentRow` reads, from `uploads`. */
export const ATTACHMENT_COLUMNS = 'id, message_id, name, size, type, width, height, thumbnail_size';

/** Where a file is served (`/files/<id>/<name>`); the name is there for whoever saves it. */
export const fileUrl = (id: string, name: string) => `/files/${id}/${encodeURIComponent(name)}`;
export const thumbnailUrl = (id: string) => `/files/${id}/thumbnail`;

/** The one place an upload row becomes a wire `Attachment`. */
export function toAttachment(row: AttachmentRow): Attachment {
  const attachment: Attachment = {
    id: row.id,
    name: row.name,
    size: row.size,
    type: row.type,
    url: fileUrl(row.id, row.name),
  };
  if (row.thumbnail_size !== null) {
    attachment.thumbnailUrl = thumbnailUrl(row.id);
  }
  if (row.width !== null) attachment.width = row.width;
  if (row.height !== null) attachment.height = row.height;
  return attachment;
}

/** Attachment rows (ordered by message, then position) grouped per message. */
export function groupAttachments(rows: readonly AttachmentRow[]): Map<number, Attachment[]> {
  const grouped = new Map<number, Attachment[]>();
  for (const row of rows) {
    const id = row.message_id;
    const list = grouped.get(id);
    if (list === undefined) grouped.set(id, [toAttachment(row)]);
    else list.push(toAttachment(row));
  }
  return grouped;
}
