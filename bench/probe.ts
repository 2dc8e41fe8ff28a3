/**
 * Preloaded into every benchmarked server (`--import ./bench/probe.ts`): answers the bench over
 * IPC with the process's own CPU time, RSS and event-loop delay, so Parley and the bare server
 * are measured the same way, from inside, without a profiler's overhead.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let cpuSince = process.cpuUsage();

export interface ProbeStats {
  cpuMicros: number;
  rssBytes: number;
  eventLoopP99Ms: number;
}

process.on('message', (request: unknown) => {
  if (request === 'reset') {
    delay.reset();
    cpuSince = process.cpuUsage();
    process.send?.({ type: 'reset' });
  } else if (request === 'stats') {
    const cpu = process.cpuUsage(cpuSince);
    const stats: ProbeStats = {
      cpuMicros: cpu.user + cpu.system,
      rssBytes: process.memoryUsage.rss(),
      eventLoopP99Ms: delay.percentile(99) / 1e6,
    };
    process.send?.({ type: 'stats', stats });
  }
});
// The IPC channel must not keep a server alive that is asked to stop.
process.channel?.unref();
