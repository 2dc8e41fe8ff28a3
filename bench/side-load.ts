import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Requests made beside the messages of a load (sign-ins, uploads), counted per step. */
export interface SideLoad {
  /** Requests answered with success so far. */
  readonly done: number;
  /** Requests answered with anything else, or not at all. */
  readonly failed: number;
  /** Request to answer, in µs (a step resets it). */
  readonly micros: RecordableHistogram;
  /** Stops starting requests and waits for those in flight. */
  stop(): Promise<void>;
  /**
   * For a load that belongs to the measured step only (uploads): starts it as the step starts;
   * `settled` resolves once all it started has been answered, before the step is counted.
   */
  begin?(stepMs: number): void;
  settled?(): Promise<void>;
}

/** Times one request, from its start to its answer, into the load's histogram. */
export type Timed = <T>(request: () => Promise<T>) => Promise<T>;

/**
 * A side load paced by the clock: `attempt(i, timed)` starts `perSecond` times a second (the
 * i-th one for i = 0, 1, …) and says whether its request succeeded; `timed` records a request's
 * latency. `stop` stops starting and waits for those in flight.
 */
export function pacedLoad(
  perSecond: number,
  attempt: (index: number, timed: Timed) => Promise<boolean>,
): SideLoad {
  const micros = createHistogram();
  const state = { done: 0, failed: 0, isRunning: true };
  const inFlight = new Set<Promise<void>>();
  const timed: Timed = async (request) => {
    const sentAt = performance.now();
    try {
      return await request();
    } finally {
      micros.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
    }
  };
  const start = performance.now();
  let started = 0;
  const loop = (async () => {
    while (state.isRunning) {
      const due = Math.floor((perSecond * (performance.now() - start)) / 1000);
      for (; started < due; started++) {
        const one = attempt(started, timed)
          .catch(() => false)
          .then((isDone) => {
            if (isDone) state.done++;
            else state.failed++;
          })
          .finally(() => inFlight.delete(one));
        inFlight.add(one);
      }
      await sleep(5);
    }
  })();
  return {
    get done() {
      return state.done;
    },
    get failed() {
      return state.failed;
    },
    micros,
    stop: async () => {
      state.isRunning = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}
