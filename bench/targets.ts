/** The performance targets, each with what was measured and whether it is met. */
import {
  BOT_POSTS_PER_SECOND,
  config,
  FIRST_LOAD_JS_BUDGET_BYTES,
  SIGN_INS_PER_SECOND,
} from './config';
import { fmt, ratio } from './format';
import type { BenchRuns, BenchSummary } from './results';
import { sustainedRate } from './statistics';

export interface Target {
  name: string;
  value: string;
  isMet: boolean;
}

export function computeTargets(summary: BenchSummary, js: BenchRuns['js']): Target[] {
  const { one, many, flooded, signIns, uploads, botPosts, idleM, cold, p50, b50 } = summary;
  const signing = signIns.with;
  const quiet = signIns.without;
  const { files } = config.uploads;
  const manyP = many.parley[0];
  const manyB = many.bare[0];
  return [
    {
      name: 'Server CPU per delivery, one room at 50 msg/s <= 1.25x bare',
      value: p50 && b50 ? ratio(p50.cpuMicrosPerDelivery, b50.cpuMicrosPerDelivery) : '–',
      isMet: !!p50 && !!b50 && p50.cpuMicrosPerDelivery <= 1.25 * b50.cpuMicrosPerDelivery,
    },
    {
      name: 'Server CPU per delivery, 100 rooms <= 1.25x bare',
      value: manyP && manyB ? ratio(manyP.cpuMicrosPerDelivery, manyB.cpuMicrosPerDelivery) : '–',
      isMet: !!manyP && !!manyB && manyP.cpuMicrosPerDelivery <= 1.25 * manyB.cpuMicrosPerDelivery,
    },
    {
      name: 'Highest sustained rate, one room >= 0.8x bare',
      value: `${sustainedRate(one.parley)} vs ${sustainedRate(one.bare)} msg/s`,
      isMet: sustainedRate(one.parley) >= 0.8 * sustainedRate(one.bare),
    },
    {
      name: 'p99 latency at 50 msg/s <= 1.5x bare',
      value: p50 && b50 ? ratio(p50.p99Ms, b50.p99Ms) : '–',
      isMet: !!p50 && !!b50 && p50.p99Ms <= 1.5 * b50.p99Ms,
    },
    {
      name: 'p99 at 50 msg/s while one user floods <= 1.5x bare (no flood)',
      value: flooded && b50 ? ratio(flooded.p99Ms, b50.p99Ms) : '–',
      isMet: !!flooded && !!b50 && flooded.p99Ms <= 1.5 * b50.p99Ms,
    },
    {
      name: `p99 at 50 msg/s with ${SIGN_INS_PER_SECOND} sign-ins/s <= 1.5x the same load without`,
      value: signing && quiet ? ratio(signing.p99Ms, quiet.p99Ms) : '–',
      isMet: !!signing && !!quiet && signing.p99Ms <= 1.5 * quiet.p99Ms,
    },
    {
      name: `p99 at 50 msg/s with ${files.count} uploads of ${files.megabytes} MB <= 1.5x the same load without`,
      value:
        uploads.with && uploads.without ? ratio(uploads.with.p99Ms, uploads.without.p99Ms) : '–',
      isMet:
        !!uploads.with && !!uploads.without && uploads.with.p99Ms <= 1.5 * uploads.without.p99Ms,
    },
    {
      name: `p99 at 50 msg/s with ${BOT_POSTS_PER_SECOND} bot posts/s <= 1.5x the same load without`,
      value:
        botPosts.with && botPosts.without
          ? ratio(botPosts.with.p99Ms, botPosts.without.p99Ms)
          : '–',
      isMet:
        !!botPosts.with &&
        !!botPosts.without &&
        botPosts.with.p99Ms <= 1.5 * botPosts.without.p99Ms,
    },
    {
      name: 'RSS per idle connection <= 1.5x bare',
      value: ratio(idleM.parley.rssPerConnectionKb, idleM.bare.rssPerConnectionKb),
      isMet: idleM.parley.rssPerConnectionKb <= 1.5 * idleM.bare.rssPerConnectionKb,
    },
    {
      name: 'Cold start to first message accepted < 1.5 s',
      value: `${fmt(cold.parley.firstMessageMs, 0)} ms`,
      isMet: cold.parley.firstMessageMs < 1_500,
    },
    {
      name: 'First-load JS of the chat page <= 170 kB gzipped',
      value: `${fmt(js.gzipBytes / 1000)} kB in ${js.scripts} scripts`,
      isMet: js.gzipBytes <= FIRST_LOAD_JS_BUDGET_BYTES,
    },
  ];
}
