import * as z from 'zod/mini';
import { ackErrorSchema, type AckError } from '../protocol';
import { outboxPrefix, type KeyValueStorage } from './browser-storage';

/**
 * A file of an unsent message: its bytes wait in IndexedDB under `key` (file-store.ts) until the
 * message is acknowledged; `uploadId` once the server has them.
 */
const outboxFileSchema = z.object({
  key: z.string(),
  name: z.string(),
  size: z.number(),
  type: z.string(),
  uploadId: z.optional(z.string()),
});
export type OutboxFile = z.infer<typeof outboxFileSchema>;

/** A message the user sent that the server has not acknowledged yet. */
export const outboxEntrySchema = z.object({
  clientId: z.string(),
  room: z.string(),
  user: z.string(),
  message: z.string(),
  /** The message this one replies to. */
  replyTo: z.optional(z.number()),
  files: z.optional(z.array(outboxFileSchema)),
  /** Orders entries: the order the user sent them in. */
  seq: z.number(),
  /** Set when the server refused it for good; the user may retry or discard it. */
  failure: z.optional(ackErrorSchema),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

/**
 * Unacknowledged messages, persisted so they survive a reload or a crash of the tab.
 * Each entry is its own storage key, so two tabs of the same user adding and removing entries
 * never overwrite each other's list. A message sent by both tabs is harmless: the server
 * deduplicates by clientId.
 *
 * `releaseFiles` forgets the kept bytes of a removed entry's files. Removal is the one place
 * that does it, since an entry is settled by its ack, by its own broadcast or history (the ack
 * was lost), by another tab, or by a discard, and each must free the files.
 */
export function createOutbox(
  storage: KeyValueStorage,
  userKey: string,
  releaseFiles: (files: OutboxFile[]) => void,
) {
  const prefix = outboxPrefix(userKey);
  const keyOf = (clientId: string) => prefix + clientId;

  function list(): OutboxEntry[] {
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key === null || !key.startsWith(prefix)) continue;
      const parsed = outboxEntrySchema.safeParse(safeJson(storage.getItem(key)));
      if (parsed.success) entries.push(parsed.data);
      else storage.removeItem(key);
    }
    return entries.sort((a, b) => a.seq - b.seq);
  }

  const write = (entry: OutboxEntry) =>
    storage.setItem(keyOf(entry.clientId), JSON.stringify(entry));

  return {
    prefix,
    list,
    add(entry: Omit<OutboxEntry, 'seq'>): OutboxEntry {
      const lastSeq = list().at(-1)?.seq ?? 0;
      const stored = { ...entry, seq: Math.max(Date.now(), lastSeq + 1) };
      write(stored);
      return stored;
    },
    remove(clientId: string) {
      // Its own key only: a history page settles many entries, each without a full scan.
      const files = outboxEntrySchema.safeParse(safeJson(storage.getItem(keyOf(clientId)))).data
        ?.files;
      storage.removeItem(keyOf(clientId));
      if (files) releaseFiles(files);
    },
    markFailed(clientId: string, failure: AckError) {
      const entry = list().find((candidate) => candidate.clientId === clientId);
      if (entry !== undefined) write({ ...entry, failure });
    },
    /** Replaces the entry's files (an upload finished, or one was cancelled). */
    setFiles(clientId: string, files: OutboxFile[]) {
      const entry = list().find((candidate) => candidate.clientId === clientId);
      if (entry !== undefined) write({ ...entry, files });
    },
    /** Puts a failed entry back in line, keeping its clientId so a retry is never a duplicate. */
    retry(clientId: string) {
      const entry = list().find((candidate) => candidate.clientId === clientId);
      // Everything but the failure: a field added to the entry (replyTo) must survive a retry.
      if (entry !== undefined) write({ ...entry, failure: undefined });
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;

function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
