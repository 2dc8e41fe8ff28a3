import type { KeyValueStorage } from '../../lib/client/browser-storage';

/** A Map behind the Web Storage API, as localStorage behaves within one origin. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

/** An outbox's `releaseFiles` for tests whose messages have no files. */
export const noKeptFiles = (): void => undefined;
