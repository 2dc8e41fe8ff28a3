import { useSyncExternalStore } from 'react';

const TICK_MS = 30_000;

// One interval for the whole page, however many times are on screen, and only while one is.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const read = () => now;

/** The current time, refreshed every 30 s: enough for "5 min ago" to stay true. */
export function useNow(): Date {
  return new Date(useSyncExternalStore(subscribe, read, read));
}
