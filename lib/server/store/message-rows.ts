import type { Attachment, Message, Reaction } from '../../protocol';

/**
 * A message row as both stores read it (every read joins a reply's parent). Timestamps are
 * ISO strings in SQLite and Dates in PostgreSQL, hence `Time`.
 */
export interface MessageRowOf<Time> {
  id: number;
  room: string;
  user_name: string;
  user_id: number | null;
  client_id: string;
  body: string;
  created_at: Time;
  edited_at: Time | null;
  deleted_at: Time | null;
  reply_to: number | null;
  reply_user: string | null;
  reply_body: string | null;
  reply_deleted_at: Time | null;
  /** The author is a bot or a hook (1 or true), not a person. */
  is_bot: number | boolean;
}

/** The one place a stored row becomes a wire `Message`. */
export function toMessage<Time>(
  row: MessageRowOf<Time>,
  iso: (time: Time) => string,
  reactions: Reaction[] = [],
  attachments: Attachment[] = [],
): Message {
  const message: Message = {
    id: row.id,
    room: row.room,
    user: row.user_name,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    message: row.body,
    clientId: row.client_id,
    createdAt: iso(row.created_at),
    reactions,
    attachments,
  };
  if (row.is_bot === 1 || row.is_bot === true) message.bot = true;
  if (row.edited_at !== null) message.editedAt = iso(row.edited_at);
  if (row.reply_to !== null) {
    const isDeleted = row.reply_deleted_at !== null || row.reply_user === null;
    message.replyTo = {
      id: row.reply_to,
      user: row.reply_user ?? '',
      message: isDeleted ? '' : (row.reply_body ?? ''),
      deleted: isDeleted,
    };
  }
  return message;
}

/** Reaction rows (in display order) grouped per message: each emoji once, with who reacted. */
export function groupReactions(
  rows: readonly { id: number; emoji: string; user: string }[],
): Map<number, Reaction[]> {
  const grouped = new Map<number, Map<string, string[]>>();
  for (const { id, emoji, user } of rows) {
    let byEmoji = grouped.get(id);
    if (byEmoji === undefined) grouped.set(id, (byEmoji = new Map<string, string[]>()));
    byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), user]);
  }
  return new Map(
    [...grouped].map(([id, byEmoji]) => [
      id,
      [...byEmoji].map(([emoji, users]) => ({ emoji, users })),
    ]),
  );
}
