import type { RecordableHistogram } from 'node:perf_hooks';

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
