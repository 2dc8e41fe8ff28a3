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

const newKey = () => `${Date.now().toString(36)}-${crypto.randomUUID()}`;

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

/** Deletes every kept file no outbox entry names (left by a tab that closed mid-send). */
export async function forgetOrphans(named: ReadonlySet<string>): Promise<void> {
  const orphans = (await keys(files())).filter(
    (key): key is string => typeof key === 'string' && !named.has(key),
  );
  if (orphans.length > 0) await delMany(orphans, files());
}
