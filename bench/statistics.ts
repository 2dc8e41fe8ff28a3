/** Medians over rounds, and the figures the targets are stated in. */
import type { StepMetrics } from './scenarios';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** The per-field median over rounds of step lists (same rates in every round). */
export function medianSteps(rounds: StepMetrics[][]): StepMetrics[] {
  const first = rounds[0] ?? [];
  return first.map((step, index) => {
    const merged = { ...step };
    for (const key of Object.keys(step) as (keyof StepMetrics)[]) {
      merged[key] = median(rounds.map((steps) => steps[index]?.[key] ?? 0));
    }
    return merged;
  });
}

export function medianOf<T extends object>(rounds: T[]): T {
  const first = rounds[0];
  if (first === undefined) throw new Error('no rounds');
  const merged = { ...first };
  for (const key of Object.keys(first) as (keyof T)[]) {
    const values = rounds
      .map((r) => r[key])
      .filter((v): v is T[keyof T] & number => typeof v === 'number');
    // A field no round measured (null) stays null.
    if (values.length > 0) (merged as Record<keyof T, unknown>)[key] = median(values);
  }
  return merged;
}

/** The highest rate delivered in full (>= 99.9%) with p99 under 100 ms. */
export const sustainedRate = (steps: StepMetrics[]) =>
  Math.max(
    0,
    ...steps.filter((s) => s.deliveredRatio >= 0.999 && s.p99Ms < 100).map((s) => s.rate),
  );

/** The 50 msg/s step, where the latency targets are set. */
export const at50 = (steps: StepMetrics[]) => steps.find((s) => s.rate === 50);
