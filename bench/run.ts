/**
 * `npm run bench`: Parley against bare Socket.IO under the same load, interleaved round by round
 * (warm-up, then A B A B…), medians and Parley/bare ratios, written to docs/benchmarks.md.
 * `npm run bench -- --quick` is a small, fast pass for CI: it checks delivery (no loss, no
 * duplicates) and the page's JavaScript budget, not timings, and writes bench/results/quick.md.
 * The run itself is here; config.ts says what it measures, statistics.ts and results.ts reduce
 * the rounds, targets.ts and report.ts write them up, checks.ts decides what fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findProblems } from './checks';
import { clientPerf } from './client-perf';
import { firstLoadJsBytes } from './client-size';
import { BOT_ROOM, startBotPosts } from './bot-post-load';
import { PUSH_ROOM, startPushes, startPushStandIn } from './push-load';
import { BOT_POSTS_PER_SECOND, config, isQuick, KINDS, SIGN_INS_PER_SECOND } from './config';
import { renderReport } from './report';
import { summarize, type BenchRuns } from './results';
import { coldStart } from './cold-start';
import { fanOut, idle, type StepMetrics } from './scenarios';
import { startServer, type ServerKind } from './servers';
import { computeTargets } from './targets';
import { startSignIns } from './sign-in-load';
import { startUploads } from './upload-load';

/** Runs `scenario` for both servers, `rounds` times, alternating which goes first. */
async function interleaved<T>(
  name: string,
  scenario: (kind: ServerKind) => Promise<T>,
): Promise<Record<ServerKind, T[]>> {
  const results: Record<ServerKind, T[]> = { parley: [], bare: [] };
  for (let round = 0; round < config.rounds; round++) {
    for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
      process.stderr.write(`${name}: round ${round + 1}/${config.rounds}, ${kind}\n`);
      results[kind].push(await scenario(kind));
    }
  }
  return results;
}

async function measure(): Promise<BenchRuns> {
  const startedAt = Date.now();
  const oneRoom = await interleaved('one room', (kind) => fanOut(kind, config.oneRoom));
  const manyRooms = await interleaved('many rooms', (kind) => fanOut(kind, config.manyRooms));
  // Only Parley: bare Socket.IO has no limit to hold a flood back, and would only drown in it.
  const floodRuns: StepMetrics[][] = [];
  for (let round = 0; round < config.rounds; round++) {
    process.stderr.write(`flood: round ${round + 1}/${config.rounds}, parley\n`);
    floodRuns.push(await fanOut('parley', config.flood));
  }
  // Parley only: two nodes on PostgreSQL and Redis, next to one node (section 1).
  const twoNodeRuns: StepMetrics[][] = [];
  for (let round = 0; round < config.rounds; round++) {
    process.stderr.write(`two nodes: round ${round + 1}/${config.rounds}, parley\n`);
    twoNodeRuns.push(await fanOut('parley', config.twoNodes));
  }
  // Parley only: the one-room load with password sign-ins beside it, and the same load without,
  // back to back in each round (alternating which goes first).
  const signInRuns: BenchRuns['signInRuns'] = { with: [], without: [] };
  for (let round = 0; round < config.rounds; round++) {
    for (const withSignIns of round % 2 === 0 ? [true, false] : [false, true]) {
      const label = withSignIns ? `${SIGN_INS_PER_SECOND} sign-ins/s` : 'no sign-ins';
      process.stderr.write(`sign-ins: round ${round + 1}/${config.rounds}, ${label}\n`);
      const runs = await fanOut('parley', {
        ...config.signIns,
        ...(withSignIns ? { side: (url: string) => startSignIns(url, SIGN_INS_PER_SECOND) } : {}),
      });
      signInRuns[withSignIns ? 'with' : 'without'].push(runs);
    }
  }
  // Parley only: the same load with large uploads during its measured step, and without.
  const uploadRuns: BenchRuns['uploadRuns'] = { with: [], without: [] };
  const { count, megabytes } = config.uploads.files;
  for (let round = 0; round < config.rounds; round++) {
    for (const withUploads of round % 2 === 0 ? [true, false] : [false, true]) {
      const label = withUploads ? `${count} uploads of ${megabytes} MB` : 'no uploads';
      process.stderr.write(`uploads: round ${round + 1}/${config.rounds}, ${label}\n`);
      const runs = await fanOut('parley', {
        ...config.uploads,
        ...(withUploads
          ? {
              side: (url: string) => startUploads(url, { count, bytes: megabytes * 1024 * 1024 }),
            }
          : {}),
      });
      uploadRuns[withUploads ? 'with' : 'without'].push(runs);
    }
  }
  // Parley only: the same load with bots posting over HTTP beside it, and without.
  const botPostRuns: BenchRuns['botPostRuns'] = { with: [], without: [] };
  for (let round = 0; round < config.rounds; round++) {
    for (const withPosts of round % 2 === 0 ? [true, false] : [false, true]) {
      const label = withPosts ? `${BOT_POSTS_PER_SECOND} bot posts/s` : 'no bot posts';
      process.stderr.write(`bot posts: round ${round + 1}/${config.rounds}, ${label}\n`);
      const runs = await fanOut('parley', {
        ...config.botPosts,
        extraRooms: [BOT_ROOM],
        ...(withPosts ? { side: (url: string) => startBotPosts(url, BOT_POSTS_PER_SECOND) } : {}),
      });
      botPostRuns[withPosts ? 'with' : 'without'].push(runs);
    }
  }
  // Parley only: the same load with mentions pushing to people away beside it, and without.
  // Both runs reach the push service the same way; only one makes pushes.
  const pushRuns: BenchRuns['pushRuns'] = { with: [], without: [] };
  const standIn = await startPushStandIn();
  try {
    for (let round = 0; round < config.rounds; round++) {
      for (const withPushes of round % 2 === 0 ? [true, false] : [false, true]) {
        const label = withPushes ? 'push fan-out' : 'no pushes';
        process.stderr.write(`pushes: round ${round + 1}/${config.rounds}, ${label}\n`);
        const runs = await fanOut('parley', {
          ...config.pushes,
          extraRooms: [PUSH_ROOM],
          env: standIn.env,
          ...(withPushes
            ? { side: (url: string) => startPushes(url, standIn, config.pushes.load) }
            : {}),
        });
        pushRuns[withPushes ? 'with' : 'without'].push(runs);
      }
    }
  } finally {
    await standIn.close();
  }
  const idleRuns = await interleaved('idle', (kind) => idle(kind, config.idleClients));
  const coldRuns = await interleaved('cold start', coldStart);

  const parleyServer = await startServer('parley');
  const js = await firstLoadJsBytes(parleyServer.url);
  await parleyServer.stop();
  process.stderr.write('client: 10,000 stored messages, then 50 msg/s in Chromium\n');
  const page = await clientPerf(config.client);

  return {
    startedAt,
    oneRoom,
    manyRooms,
    floodRuns,
    twoNodeRuns,
    signInRuns,
    uploadRuns,
    botPostRuns,
    pushRuns,
    idleRuns,
    coldRuns,
    js,
    page,
  };
}

async function main() {
  const runs = await measure();
  const summary = summarize(runs);
  const report = renderReport(runs, summary, computeTargets(summary, runs.js));
  const out = isQuick
    ? path.join('bench', 'results', 'quick.md')
    : path.join('docs', 'benchmarks.md');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, report);
  console.log(report);
  console.log(`Written to ${out}`);

  const problems = findProblems(runs);
  if (problems.length > 0) {
    console.error(`Benchmark check failed: ${problems.join('; ')}`);
    process.exit(1);
  }
  console.log(
    'Benchmark check: no duplicates, no refused sends, nothing lost at the lowest rate; first-load JavaScript within budget.',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
