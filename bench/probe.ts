/**
 * Preloaded into every benchmarked server (`--import ./bench/probe.ts`): answers the bench over
 * IPC with the process's own CPU time, RSS and event-loop delay, so Parley and the bare server
 * are measured the same way, from inside, without a profiler's overhead.
 *
 * With `PARLEY_BENCH_PROFILE_DIR` set (`npm run bench -- --profile`), it also records a CPU
 * profile of each measured window (from `reset` to `stats`) into that directory, so start-up,
 * connecting clients and warm-up do not blur where a step spends its time.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let cpuSince = process.cpuUsage();
let loopSince = performance.eventLoopUtilization();

export interface ProbeStats {
  cpuMicros: number;
  rssBytes: number;
  eventLoopP99Ms: number;
  /** The share of the window the event loop was busy (1 = the main thread had no spare time). */
  eventLoopUtilization: number;
}

const profileDir = process.env.PARLEY_BENCH_PROFILE_DIR;
let profiler: Session | undefined;
let profiles = 0;

async function startProfile(): Promise<void> {
  if (profileDir === undefined) return;
  profiler ??= new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

async function saveProfile(): Promise<void> {
  if (profiler === undefined) return;
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiles += 1;
  const file = `${path.basename(process.argv[1] ?? 'server')}-${process.pid}-${profiles}.cpuprofile`;
  writeFileSync(path.join(profileDir ?? '.', file), JSON.stringify(profile));
}

process.on('message', (request: unknown) => {
  if (request === 'reset') {
    void startProfile().then(() => {
      delay.reset();
      cpuSince = process.cpuUsage();
      loopSince = performance.eventLoopUtilization();
      process.send?.({ type: 'reset' });
    });
  } else if (request === 'stats') {
    const cpu = process.cpuUsage(cpuSince);
    const stats: ProbeStats = {
      cpuMicros: cpu.user + cpu.system,
      rssBytes: process.memoryUsage.rss(),
      eventLoopP99Ms: delay.percentile(99) / 1e6,
      eventLoopUtilization: performance.eventLoopUtilization(loopSince).utilization,
    };
    process.send?.({ type: 'stats', stats });
    void saveProfile();
  }
});
// The IPC channel must not keep a server alive that is asked to stop.
process.channel?.unref();
