import type { PushOutcome } from './push-sender';

/** One notification for one browser about one room, before it is sent. */
export interface PushNote<Target> {
  /** `endpoint` and room: notes of one key fold into one push. */
  key: string;
  target: Target;
  /** Builds the payload from the newest message and how many messages it stands for. */
  payload: (count: number) => string;
}

export interface PushQueueOptions<Target> {
  send: (target: Target, payload: string) => Promise<PushOutcome>;
  /** The push service says the subscription is gone. */
  onGone: (target: Target) => void;
  /** A note was dropped: the queue was full, or every try failed. */
  onDropped: (reason: 'full' | 'failed') => void;
  /** Pushes in flight at once. */
  concurrency: number;
  /** Notes waiting at most; more are dropped (a push service that is down must not grow memory). */
  capacity: number;
  /** After one push for a key, later notes for it wait this long and go out as one. */
  foldMs: number;
  /** The waits before each retry; their count is the most retries. */
  retryDelaysMs: readonly number[];
}

type SlotState = 'queued' | 'waiting' | 'sending' | 'idle';

interface Slot<Target> {
  state: SlotState;
  target: Target;
  payload: (count: number) => string;
  /** Messages folded into the next push. */
  count: number;
  attempt: number;
  /** When its last push went out (performance.now()). */
  sentAt: number;
  /** Notes that arrived while this slot's push was in flight. */
  next?: { target: Target; payload: (count: number) => string; count: number };
  timer?: NodeJS.Timeout;
}

/**
 * Pushes, off every message's path: a bounded queue with a few in flight, folding, retries with
 * backoff. Folding: the first note for a browser and room goes at once; notes within `foldMs`
 * after it become one push carrying the newest message and their count (the same topic and
 * tag, so it replaces the earlier one on the device).
 */
export function createPushQueue<Target>(options: PushQueueOptions<Target>) {
  const slots = new Map<string, Slot<Target>>();
  const ready: string[] = [];
  let inFlight = 0;
  let waiting = 0;
  let isStopped = false;

  const later = (key: string, slot: Slot<Target>, ms: number, state: SlotState) => {
    clearTimeout(slot.timer);
    slot.state = state;
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (state === 'idle') {
        slots.delete(key);
        return;
      }
      enqueue(key, slot);
    }, ms);
    slot.timer.unref();
  };

  const enqueue = (key: string, slot: Slot<Target>) => {
    slot.state = 'queued';
    ready.push(key);
    pump();
  };

  const pump = () => {
    while (!isStopped && inFlight < options.concurrency) {
      const key = ready.shift();
      if (key === undefined) return;
      const slot = slots.get(key);
      if (slot?.state !== 'queued') continue;
      inFlight++;
      waiting--;
      slot.state = 'sending';
      void run(key, slot);
    }
  };

  const run = async (key: string, slot: Slot<Target>) => {
    let outcome: PushOutcome;
    try {
      outcome = await options.send(slot.target, slot.payload(slot.count));
    } catch {
      outcome = 'retry';
    }
    inFlight--;
    if (outcome === 'gone') {
      slots.delete(key);
      if (slot.next !== undefined) waiting--;
      options.onGone(slot.target);
    } else if (outcome === 'retry' && slot.attempt < options.retryDelaysMs.length) {
      const delay = options.retryDelaysMs[slot.attempt] ?? 0;
      slot.attempt++;
      // Notes that came in meanwhile ride along with the retry: it carries the newest.
      if (slot.next !== undefined) {
        Object.assign(slot, { ...slot.next, count: slot.count + slot.next.count });
        slot.next = undefined;
        waiting--;
      }
      waiting++;
      // Jitter spreads the retries of many browsers of one push service that came back.
      later(key, slot, delay * (0.75 + Math.random() * 0.5), 'waiting');
    } else {
      if (outcome !== 'sent') options.onDropped('failed');
      slot.attempt = 0;
      slot.sentAt = performance.now();
      if (slot.next === undefined) {
        later(key, slot, options.foldMs, 'idle');
      } else {
        Object.assign(slot, slot.next);
        slot.next = undefined;
        later(key, slot, options.foldMs, 'waiting');
      }
    }
    pump();
  };

  const add = (note: PushNote<Target>): void => {
    if (isStopped) return;
    const slot = slots.get(note.key);
    if (slot === undefined || slot.state === 'idle') {
      if (waiting >= options.capacity) return options.onDropped('full');
      waiting++;
      if (slot === undefined) {
        const fresh: Slot<Target> = { state: 'queued', ...note, count: 1, attempt: 0, sentAt: 0 };
        slots.set(note.key, fresh);
        enqueue(note.key, fresh);
      } else {
        // Sent a moment ago: this note waits out the fold window, with any that follow it.
        Object.assign(slot, { target: note.target, payload: note.payload, count: 1 });
        const wait = slot.sentAt + options.foldMs - performance.now();
        later(note.key, slot, Math.max(0, wait), 'waiting');
      }
      return;
    }
    if (slot.state === 'sending') {
      if (slot.next === undefined) {
        waiting++;
        slot.next = { target: note.target, payload: note.payload, count: 1 };
      } else {
        Object.assign(slot.next, { target: note.target, payload: note.payload });
        slot.next.count++;
      }
      return;
    }
    // Queued or waiting: the push not yet sent now carries the newest message.
    Object.assign(slot, { target: note.target, payload: note.payload });
    slot.count++;
  };

  return {
    add,
    /** Notes not yet sent, for metrics and tests. */
    pending: () => waiting,
    stop: () => {
      isStopped = true;
      for (const slot of slots.values()) clearTimeout(slot.timer);
      slots.clear();
      ready.length = 0;
    },
  };
}

export type PushQueue<Target> = ReturnType<typeof createPushQueue<Target>>;
