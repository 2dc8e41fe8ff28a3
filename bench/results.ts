/** The benchmark's raw rounds, and their medians. */
import type { ClientPerfMetrics } from './client-perf';
import type { ColdStartMetrics } from './cold-start';
import type { IdleMetrics, StepMetrics } from './scenarios';
import type { ServerKind } from './servers';
import { at50, medianOf, medianSteps } from './statistics';

/** Every round of every scenario, as measured. */
export interface BenchRuns {
  startedAt: number;
  oneRoom: Record<ServerKind, StepMetrics[][]>;
  manyRooms: Record<ServerKind, StepMetrics[][]>;
  floodRuns: StepMetrics[][];
  twoNodeRuns: StepMetrics[][];
  /** One room at 50 msg/s with password sign-ins beside it, and without, in the same rounds. */
  signInRuns: { with: StepMetrics[][]; without: StepMetrics[][] };
  /** The same load with large uploads during its measured step, and without. */
  uploadRuns: { with: StepMetrics[][]; without: StepMetrics[][] };
  /** The same load with bots posting over HTTP beside it, and without. */
  botPostRuns: { with: StepMetrics[][]; without: StepMetrics[][] };
  /** The same load with mentions pushing to people away beside it, and without. */
  pushRuns: { with: StepMetrics[][]; without: StepMetrics[][] };
  idleRuns: Record<ServerKind, IdleMetrics[]>;
  coldRuns: Record<ServerKind, ColdStartMetrics[]>;
  js: { scripts: number; gzipBytes: number };
  page: ClientPerfMetrics;
}

/** The medians the report and the targets read. */
export interface BenchSummary {
  one: Record<ServerKind, StepMetrics[]>;
  many: Record<ServerKind, StepMetrics[]>;
  flooded: StepMetrics | undefined;
  twoNodes: StepMetrics[];
  signIns: { with: StepMetrics | undefined; without: StepMetrics | undefined };
  uploads: { with: StepMetrics | undefined; without: StepMetrics | undefined };
  botPosts: { with: StepMetrics | undefined; without: StepMetrics | undefined };
  pushes: { with: StepMetrics | undefined; without: StepMetrics | undefined };
  idleM: Record<ServerKind, IdleMetrics>;
  cold: Record<ServerKind, ColdStartMetrics>;
  p50: StepMetrics | undefined;
  b50: StepMetrics | undefined;
}

export function summarize(runs: BenchRuns): BenchSummary {
  const { oneRoom, manyRooms, floodRuns, twoNodeRuns, signInRuns, uploadRuns, botPostRuns } = runs;
  const { pushRuns, idleRuns, coldRuns } = runs;
  const one = { parley: medianSteps(oneRoom.parley), bare: medianSteps(oneRoom.bare) };
  const many = { parley: medianSteps(manyRooms.parley), bare: medianSteps(manyRooms.bare) };
  const flooded = medianSteps(floodRuns)[0];
  const twoNodes = medianSteps(twoNodeRuns);
  const signIns = {
    with: medianSteps(signInRuns.with)[0],
    without: medianSteps(signInRuns.without)[0],
  };
  const uploads = {
    with: medianSteps(uploadRuns.with)[0],
    without: medianSteps(uploadRuns.without)[0],
  };
  const botPosts = {
    with: medianSteps(botPostRuns.with)[0],
    without: medianSteps(botPostRuns.without)[0],
  };
  const pushes = {
    with: medianSteps(pushRuns.with)[0],
    without: medianSteps(pushRuns.without)[0],
  };
  const idleM: Record<ServerKind, IdleMetrics> = {
    parley: medianOf(idleRuns.parley),
    bare: medianOf(idleRuns.bare),
  };
  const cold: Record<ServerKind, ColdStartMetrics> = {
    parley: medianOf(coldRuns.parley),
    bare: medianOf(coldRuns.bare),
  };

  return {
    one,
    many,
    flooded,
    twoNodes,
    signIns,
    uploads,
    botPosts,
    pushes,
    idleM,
    cold,
    p50: at50(one.parley),
    b50: at50(one.bare),
  };
}
