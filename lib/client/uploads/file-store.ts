import { createStore, del, delMany, get, keys, setMany, type UseStore } from 'idb-keyval';
import type { OutboxFile } from '../outbox';

/**
 * The bytes of unsent messages' files, in IndexedDB (localStorage holds strings of a few MB at
 * most; IndexedDB holds Blobs of any size and survives reloads and crashes). The outbox entry in
 * localStorage names each file by key; the bytes are deleted once the message is acknowledged.
 * Every other thing Parley keeps in the browser is in browser-storage.ts.
 */
let store: UseStore | undefined;
const files = () => (store ??= createStore('parley-files', 'files'));

// A key starts with the time it was kept, so a sweep can leave files still being queued alone.
const newKey = () => `${Date.now().toString(36)}-${crypto.randomUUID()}`;
const keptAt = (key: string) => parseInt(key.split('-')[0] ?? '', 36);

/** Keeps the files' bytes; returns what the outbox entry says of each. */
export async function keepFiles(chosen: readonly File[]): Promise<OutboxFile[]> {
  const kept = chosen.map((file) => ({
    key: newKey(),
    name: file.name === '' ? 'pasted' : file.name,
    size: file.size,
    type: file.type,
    blob: file,
  }));
  await setMany(
    kept.map(({ key, blob }) => [key, blob]),
    files(),
  );
  return kept.map(({ key, name, size, type }) => ({ key, name, size, type }));
}

/** A kept file's bytes; undefined when they are gone (cleared by the browser or another tab). */
export async function keptFile(key: string): Promise<Blob | undefined> {
  const blob: unknown = await get(key, files());
  return blob instanceof Blob ? blob : undefined;
}

/** Deletes kept bytes (the message was acknowledged, or the file cancelled). */
export function forgetFiles(fileKeys: readonly string[]): Promise<void> {
  return fileKeys.length === 1 ? del(fileKeys[0] ?? '', files()) : delMany([...fileKeys], files());
}

/**
 * Deletes every file kept before `before` that no outbox entry names: the entry was settled by a
 * page that closed before it could forget the bytes. A file kept later may belong to a message
 * another tab is queueing right now (kept, not yet in its outbox), so it stays. A key without a
 * readable time is not one this code wrote, and goes.
 */
export async function forgetOrphans(named: ReadonlySet<string>, before: number): Promise<void> {
  const orphans = (await keys(files())).filter(
    (key): key is string => typeof key === 'string' && !named.has(key) && !(keptAt(key) >= before),
  );
  if (orphans.length > 0) await delMany(orphans, files());
}
