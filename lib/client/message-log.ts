import type { Message } from '../protocol';

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
