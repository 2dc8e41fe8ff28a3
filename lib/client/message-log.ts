import { QUOTE_LENGTH, type Message } from '../protocol';

/**
 * Merges `incoming` into `existing` (both ascending by id), keeping each id once and the
 * result ascending. Returns `existing` itself when nothing is new, so React can skip renders.
 */
export function mergeMessages(
  existing: readonly Message[],
  incoming: readonly Message[],
): Message[] {
  if (incoming.length === 0) return existing as Message[];
  const lastId = existing.at(-1)?.id ?? 0;
  // The common case, a live message or a catch-up page, lands after everything we hold.
  const firstIncoming = incoming[0];
  if (firstIncoming !== undefined && firstIncoming.id > lastId && isAscending(incoming)) {
    return [...existing, ...incoming];
  }
  const byId = new Map<number, Message>();
  for (const message of existing) byId.set(message.id, message);
  let added = false;
  for (const message of incoming) {
    if (!byId.has(message.id)) added = true;
    byId.set(message.id, message);
  }
  if (!added) return existing as Message[];
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function isAscending(messages: readonly Message[]): boolean {
  for (let i = 1; i < messages.length; i++) {
    const previous = messages[i - 1];
    const current = messages[i];
    if (previous === undefined || current === undefined || current.id <= previous.id) return false;
  }
  return true;
}

/** The quote a reply shows of `parent` (as the server cuts it: the first code points). */
function quoteOf(parent: Message): NonNullable<Message['replyTo']> {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, on purpose
  const excerpt = [...parent.message].slice(0, QUOTE_LENGTH).join('');
  return { id: parent.id, user: parent.user, message: excerpt, deleted: false };
}

/**
 * Applies an edit or a reaction change: replaces the message with the same id, and refreshes
 * the quotes of its replies. Returns `messages` itself when none of them is affected.
 */
export function applyUpdate(messages: readonly Message[], updated: Message): Message[] {
  let isChanged = false;
  const next: Message[] = [];
  for (const message of messages) {
    if (message.id === updated.id) {
      isChanged = true;
      next.push(updated);
    } else if (message.replyTo?.id === updated.id) {
      isChanged = true;
      next.push({ ...message, replyTo: quoteOf(updated) });
    } else next.push(message);
  }
  return isChanged ? next : (messages as Message[]);
}

/** Removes a deleted message; replies to it keep a quote that says it was deleted. */
export function applyDelete(messages: readonly Message[], id: number): Message[] {
  let isChanged = false;
  const next: Message[] = [];
  for (const message of messages) {
    if (message.id === id) {
      isChanged = true;
      continue;
    }
    if (message.replyTo?.id === id && !message.replyTo.deleted) {
      isChanged = true;
      next.push({ ...message, replyTo: { ...message.replyTo, message: '', deleted: true } });
    } else next.push(message);
  }
  return isChanged ? next : (messages as Message[]);
}
