/** The performance targets (issue 25's, and the earlier ones still held), each measured. */
import {
  BOT_POSTS_PER_SECOND,
  config,
  FIRST_LOAD_JS_BUDGET_BYTES,
  SIGN_INS_PER_SECOND,
} from './config';
import { fmt, percent, ratio } from './format';
import type { BenchRuns, BenchSummary } from './results';
import type { StepMetrics } from './scenarios';
import { sustainedRate } from './statistics';

export interface Target {
  name: string;
  value: string;
  isMet: boolean;
}

/** `a / b <= most`, as a target row; unmet when either side is missing. */
function ratioTarget(
  name: string,
  a: number | undefined,
  b: number | undefined,
  most: number,
): Target {
  return a === undefined || b === undefined
    ? { name, value: '–', isMet: false }
    : { name, value: ratio(a, b), isMet: a <= most * b };
}

/** A latency within `times` bare's, or within `floorMs`, whichever allows more. */
function latencyTarget(
  name: string,
  p: number | undefined,
  b: number | undefined,
  times: number,
  floorMs: number,
): Target {
  if (p === undefined || b === undefined) return { name, value: '–', isMet: false };
  return {
    name,
    value: `${fmt(p)} ms vs bare ${fmt(b)} ms (${ratio(p, b)})`,
    isMet: p <= Math.max(times * b, floorMs),
  };
}

/** The side load's p99 within 1.5x of the same load alone. */
const sideTarget = (what: string, runs: { with?: StepMetrics; without?: StepMetrics }) =>
  ratioTarget(
    `p99 at 50 msg/s in one room with ${what} <= 1.5x the same load without`,
    runs.with?.p99Ms,
    runs.without?.p99Ms,
    1.5,
  );

export function computeTargets(summary: BenchSummary, js: BenchRuns['js']): Target[] {
  const { one, many, flooded, signIns, uploads, botPosts, pushes, idleM, cold, p50, b50 } = summary;
  const { files } = config.uploads;
  const away = config.pushes.load;
  const manyP = many.parley[0];
  const manyB = many.bare[0];
  const rooms = `${config.manyRooms.rooms} rooms of ${config.manyRooms.receivers / config.manyRooms.rooms}`;
  const manyCpu = ratioTarget(
    `Server CPU per delivery, ${rooms} at ${config.manyRooms.rates.join(', ')} msg/s <= 1.15x bare`,
    manyP?.cpuMicrosPerDelivery,
    manyB?.cpuMicrosPerDelivery,
    1.15,
  );
  // What durability takes of it, told beside the figure (the target is the whole ratio).
  if (manyP !== undefined && manyB !== undefined && manyP.commitCpuMicrosPerDelivery > 0) {
    const rest = manyP.cpuMicrosPerDelivery - manyP.commitCpuMicrosPerDelivery;
    manyCpu.value += ` (group commits ${ratio(manyP.commitCpuMicrosPerDelivery, manyB.cpuMicrosPerDelivery)} of it, the rest ${ratio(rest, manyB.cpuMicrosPerDelivery)})`;
  }
  return [
    manyCpu,
    latencyTarget(`p50 latency, ${rooms} <= 3x bare or <= 5 ms`, manyP?.p50Ms, manyB?.p50Ms, 3, 5),
    latencyTarget(
      `p99 latency, ${rooms} <= 2x bare or <= 15 ms`,
      manyP?.p99Ms,
      manyB?.p99Ms,
      2,
      15,
    ),
    {
      name: `Nothing lost or doubled, ${rooms}`,
      value: manyP ? `${manyP.expected - manyP.delivered} lost, ${manyP.duplicates} doubled` : '–',
      isMet: !!manyP && manyP.expected === manyP.delivered && manyP.duplicates === 0,
    },
    ratioTarget(
      `Server CPU per delivery, one room of ${config.oneRoom.receivers} at 50 msg/s <= 1.10x bare`,
      p50?.cpuMicrosPerDelivery,
      b50?.cpuMicrosPerDelivery,
      1.1,
    ),
    ratioTarget('p99 latency, one room at 50 msg/s <= 1.5x bare', p50?.p99Ms, b50?.p99Ms, 1.5),
    {
      // The generator shares the cores: bare Socket.IO saturating would mean it measures itself.
      name: 'Bare Socket.IO not saturated at one room, 50 msg/s (loop busy < 90%)',
      value: b50
        ? `loop ${percent(b50.eventLoopUtilization)} busy; generator ${fmt(b50.generatorCpuMicrosPerDelivery, 2)} µs/delivery beside bare's ${fmt(b50.cpuMicrosPerDelivery, 2)}`
        : '–',
      isMet: !!b50 && b50.eventLoopUtilization < 0.9,
    },
    {
      name: 'Highest sustained rate, one room >= 0.8x bare',
      value: `${sustainedRate(one.parley)} vs ${sustainedRate(one.bare)} msg/s`,
      isMet: sustainedRate(one.parley) >= 0.8 * sustainedRate(one.bare),
    },
    ratioTarget(
      'p99 at 50 msg/s while one user floods <= 1.5x bare (no flood)',
      flooded?.p99Ms,
      b50?.p99Ms,
      1.5,
    ),
    sideTarget(`${SIGN_INS_PER_SECOND} sign-ins/s`, signIns),
    sideTarget(`${files.count} uploads of ${files.megabytes} MB`, uploads),
    sideTarget(`${BOT_POSTS_PER_SECOND} bot posts/s`, botPosts),
    sideTarget(`${away.postsPerSecond * away.mentionsPerPost} push mentions/s`, pushes),
    ratioTarget(
      'RSS per idle connection <= 1.2x bare',
      idleM.parley.rssPerConnectionKb,
      idleM.bare.rssPerConnectionKb,
      1.2,
    ),
    {
      name: 'Cold start to first message accepted < 1 s',
      value: `${fmt(cold.parley.firstMessageMs, 0)} ms`,
      isMet: cold.parley.firstMessageMs < 1_000,
    },
    {
      name: 'First-load JS of the chat page <= 170 kB gzipped',
      value: `${fmt(js.gzipBytes / 1000)} kB in ${js.scripts} scripts`,
      isMet: js.gzipBytes <= FIRST_LOAD_JS_BUDGET_BYTES,
    },
  ];
}
