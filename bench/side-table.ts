/** The table of a side-load section: the load with its side requests, the same load without. */
import { fmt, percent, ratio } from './format';
import type { StepMetrics } from './scenarios';

export interface SideColumns {
  /** The first column's row label for the run with the side load. */
  label: string;
  /** What the side load did: a rate or a count, its own heading. */
  done: { heading: string; value: (step: StepMetrics) => string };
  /** Its requests' p99, its own heading. */
  p99Heading: string;
}

export function sideTable(
  { label, done, p99Heading }: SideColumns,
  runs: { with: StepMetrics | undefined; without: StepMetrics | undefined },
): string {
  const row = (name: string, step: StepMetrics | undefined) =>
    step === undefined
      ? ''
      : `| ${name} | ${done.value(step)} | ${step.sideFailed} | ${step.sideDone === 0 ? '–' : fmt(step.sideP99Ms)} | ${(step.deliveredRatio * 100).toFixed(2)}% | ${step.expected - step.delivered} | ${step.duplicates} | ${fmt(step.p50Ms)} | ${fmt(step.p99Ms)} | ${fmt(step.ackP99Ms)} | ${fmt(step.cpuMicrosPerDelivery, 2)} | ${fmt(step.generatorCpuMicrosPerDelivery, 2)} | ${fmt(step.eventLoopP99Ms)} | ${percent(step.eventLoopUtilization)} |`;
  const both = runs.with && runs.without ? { w: runs.with, o: runs.without } : undefined;
  return [
    `| load | ${done.heading} | failed | ${p99Heading} | delivered | loss | dup | p50 ms | p99 ms | ack p99 | CPU µs/delivery | generator CPU µs/delivery | loop p99 ms | loop busy |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(label, runs.with),
    row('without', runs.without),
    both
      ? `| **ratio** | | | | | | | ${ratio(both.w.p50Ms, both.o.p50Ms)} | ${ratio(both.w.p99Ms, both.o.p99Ms)} | | ${ratio(both.w.cpuMicrosPerDelivery, both.o.cpuMicrosPerDelivery)} | | | |`
      : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
