import { mayChangeOutbox, type KeyValueStorage } from '../browser-storage';
import { outboxEntrySchema } from '../outbox';
import { forgetOrphans } from './file-store';

/**
 * A file kept this long ago that no outbox names is left over, never about to be queued: queueing
 * takes a moment, not a minute.
 */
const QUEUEING_GRACE_MS = 60_000;

/**
 * Frees the kept bytes no unsent message of any account in this browser names. Forgetting a
 * settled message's files needs a chunk the page may not have loaded, and a page closed right
 * after the ack never gets to it: this sweep, run whenever files are sent, catches those.
 */
export async function sweepKeptFiles(storage: KeyValueStorage, now = Date.now()): Promise<void> {
  const named = new Set<string>();
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === null || !mayChangeOutbox(key)) continue;
    for (const file of entryAt(storage, key)?.files ?? []) named.add(file.key);
  }
  await forgetOrphans(named, now - QUEUEING_GRACE_MS);
}

function entryAt(storage: KeyValueStorage, key: string) {
  try {
    return outboxEntrySchema.safeParse(JSON.parse(storage.getItem(key) ?? 'null')).data;
  } catch {
    // Not JSON: the outbox drops such entries itself; it names no files.
    return undefined;
  }
}
