/**
 * How far each file's upload has come (0 to 1), by file key, for the pending message's progress
 * bars; and the cancel switch of each upload under way.
 */
const progress = new Map<string, number>();
const cancels = new Map<string, AbortController>();
const listeners = new Set<() => void>();
let version = 0;

const changed = () => {
  version++;
  for (const listener of listeners) listener();
};

export const uploadProgress = {
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Changes whenever any progress does (for useSyncExternalStore). */
  version: () => version,
  of: (key: string): number | undefined => progress.get(key),
  set(key: string, fraction: number): void {
    progress.set(key, fraction);
    changed();
  },
  /** The upload of `key` starts: its controller cancels it. */
  start(key: string): AbortController {
    const controller = new AbortController();
    cancels.set(key, controller);
    progress.set(key, 0);
    changed();
    return controller;
  },
  end(key: string): void {
    cancels.delete(key);
    progress.delete(key);
    changed();
  },
  /** Cancels the upload of `key` if one is under way. */
  cancel(key: string): void {
    cancels.get(key)?.abort();
  },
};
