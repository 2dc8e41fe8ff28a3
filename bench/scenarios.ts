import type { RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ROOM } from '../lib/protocol';
import {
  connectReceivers,
  connectSenders,
  DeliveryTracker,
  drain,
  drive,
  type Sender,
} from './load';
import { clientIdFor } from './raw-client';
import { commitsBetween, readCommits } from './commit-metrics';
import type { SideLoad } from './side-load';
import { startCluster, startServer, type ServerKind } from './servers';

/** What one load step measured. Times in ms, memory in MB. */
export interface StepMetrics {
  rate: number;
  acked: number;
  refused: number;
  expected: number;
  delivered: number;
  duplicates: number;
  deliveredRatio: number;
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ackP50Ms: number;
  ackP99Ms: number;
  cpuMicrosPerDelivery: number;
  /** Parley's group commits (SQLite) in the step, and their CPU per delivery (within the above). */
  commitsPerSecond: number;
  commitCpuMicrosPerDelivery: number;
  /** The load generator's own CPU (this process: every receiver and sender) per delivery. */
  generatorCpuMicrosPerDelivery: number;
  rssMb: number;
  eventLoopP99Ms: number;
  /** The busiest node's event-loop utilization over the step (0 to 1). */
  eventLoopUtilization: number;
  /** Messages the flooding user tried and had accepted during the step (0 without a flood). */
  floodSent: number;
  floodAccepted: number;
  /** The side load's requests (sign-ins, uploads) that succeeded, failed, and their p99. */
  sideDone: number;
  sideFailed: number;
  sideP99Ms: number;
}

const ms = (histogram: RecordableHistogram, percentile: number) =>
  histogram.count === 0 ? 0 : histogram.percentile(percentile) / 1000;

// Parley allows 5 messages per second per user: each sender stays under that.
const sendersFor = (rate: number) => Math.max(2, Math.ceil(rate / 4));

export interface FanOutConfig {
  receivers: number;
  rooms: number;
  rates: number[];
  stepMs: number;
  warmupMs: number;
  /** One more user sends to the first room as fast as the server answers, the whole time. */
  flood?: boolean;
  /** Parley as this many nodes on PostgreSQL and Redis (the bare server has one). */
  nodes?: number;
  /** Parley only: requests beside the messages (sign-ins, uploads), started with the load. */
  side?: (url: string) => Promise<SideLoad>;
  /** Channels to create beside the load's own (a side load's), with nobody listening. */
  extraRooms?: string[];
  /** Parley's environment beside the bench's own (a side load's stand-ins). */
  env?: Record<string, string>;
}

/** The flooding user keeps this many sends in flight; it stops after this many. */
const FLOOD_IN_FLIGHT = 4;
const FLOOD_MAX_SENDS = 60_000;

/** Receivers spread evenly over rooms; senders offer each rate in turn, with a warm-up first. */
export async function fanOut(kind: ServerKind, config: FanOutConfig): Promise<StepMetrics[]> {
  const rooms =
    config.rooms === 1
      ? [DEFAULT_ROOM]
      : Array.from({ length: config.rooms }, (_, i) => `room-${i}`);
  const server =
    (config.nodes ?? 1) > 1
      ? await startCluster(config.nodes ?? 1)
      : await startServer(kind, {
          rooms: [...rooms, ...(config.extraRooms ?? [])],
          ...(config.env === undefined ? {} : { env: config.env }),
        });
  const perStepMax = Math.max(...config.rates) * (config.stepMs / 1000);
  // Sequences past floodBase belong to the flooding user. Only the others' messages are timed:
  // the question is how long a flood makes everyone else wait, and Parley makes the flooder wait.
  const floodBase = Math.ceil(perStepMax * (config.rates.length + 1) + 1_000);
  const tracker = new DeliveryTracker(
    floodBase + (config.flood === true ? FLOOD_MAX_SENDS : 0),
    floodBase,
  );
  const receivers = await connectReceivers(
    kind,
    server.urls,
    config.receivers,
    (i) => rooms[i % rooms.length] ?? DEFAULT_ROOM,
    () => tracker.addReceiver(),
  );
  const senders = await connectSenders(
    kind,
    server.urls,
    sendersFor(Math.max(...config.rates)),
    5_000,
  );
  const receiversPerRoom = config.receivers / rooms.length;
  let sequence = 0;

  const flood = { sent: 0, accepted: 0, isRunning: config.flood === true };
  const flooders =
    config.flood === true ? await connectSenders(kind, server.urls, 1, 6_000, 'flooder') : [];
  const floodLoop = async ({ client, user }: Sender) => {
    const room = rooms[0] ?? DEFAULT_ROOM;
    while (flood.isRunning && flood.sent < FLOOD_MAX_SENDS) {
      const floodSequence = floodBase + flood.sent++;
      tracker.markSent(floodSequence);
      const ack = await client.emitWithAck('message:send', {
        room,
        user,
        message: `load ${floodSequence}`,
        clientId: clientIdFor(floodSequence),
      });
      if (typeof ack === 'object' && ack !== null && 'ok' in ack && ack.ok === true) {
        flood.accepted++;
        tracker.expected += receiversPerRoom;
      }
    }
  };
  const side = await config.side?.(server.urls[0] ?? '');
  const flooding = Promise.all(
    flooders.flatMap((flooder) =>
      Array.from({ length: FLOOD_IN_FLIGHT }, () => floodLoop(flooder)),
    ),
  );

  const step = async (
    rate: number,
    durationMs: number,
    isMeasured = true,
  ): Promise<StepMetrics> => {
    const before = {
      delivered: tracker.delivered,
      duplicates: tracker.duplicates,
      expected: tracker.expected,
      floodSent: flood.sent,
      floodAccepted: flood.accepted,
      sideDone: side?.done ?? 0,
      sideFailed: side?.failed ?? 0,
    };
    tracker.latencyMicros.reset();
    side?.micros.reset();
    // Before the reset: the scrape's own CPU stays out of the step.
    const commitsAtStart = await readCommits(server.url);
    await server.resetStats();
    const generatorCpu = process.cpuUsage();
    if (isMeasured) side?.begin?.(durationMs);
    const result = await drive({
      senders: senders.slice(0, sendersFor(rate)),
      rooms,
      receiversPerRoom,
      rate,
      durationMs,
      tracker,
      firstSequence: sequence,
    });
    sequence += result.sent;
    if (isMeasured) await side?.settled?.();
    await drain(tracker, 3_000);
    const generatorUsage = process.cpuUsage(generatorCpu);
    const stats = await server.stats();
    const commits = commitsBetween(commitsAtStart, await readCommits(server.url));
    const delivered = tracker.delivered - before.delivered;
    const expected = tracker.expected - before.expected;
    return {
      rate,
      acked: result.acked,
      refused: result.refused,
      expected,
      delivered,
      duplicates: tracker.duplicates - before.duplicates,
      deliveredRatio: expected === 0 ? 1 : delivered / expected,
      deliveredPerSecond: delivered / (durationMs / 1000),
      p50Ms: ms(tracker.latencyMicros, 50),
      p99Ms: ms(tracker.latencyMicros, 99),
      ackP50Ms: ms(result.ackMicros, 50),
      ackP99Ms: ms(result.ackMicros, 99),
      cpuMicrosPerDelivery: delivered === 0 ? 0 : stats.cpuMicros / delivered,
      commitsPerSecond: commits.commits / (durationMs / 1000),
      commitCpuMicrosPerDelivery: delivered === 0 ? 0 : commits.cpuMicros / delivered,
      generatorCpuMicrosPerDelivery:
        delivered === 0 ? 0 : (generatorUsage.user + generatorUsage.system) / delivered,
      rssMb: stats.rssBytes / 1e6,
      eventLoopP99Ms: stats.eventLoopP99Ms,
      eventLoopUtilization: stats.eventLoopUtilization,
      floodSent: flood.sent - before.floodSent,
      floodAccepted: flood.accepted - before.floodAccepted,
      sideDone: (side?.done ?? 0) - before.sideDone,
      sideFailed: (side?.failed ?? 0) - before.sideFailed,
      sideP99Ms: side === undefined ? 0 : ms(side.micros, 99),
    };
  };

  try {
    await step(config.rates[0] ?? 10, config.warmupMs, false);
    const steps: StepMetrics[] = [];
    for (const rate of config.rates) steps.push(await step(rate, config.stepMs));
    return steps;
  } finally {
    flood.isRunning = false;
    await flooding;
    await side?.stop();
    for (const client of receivers.clients) client.close();
    for (const { client } of [...senders, ...flooders]) client.close();
    await server.stop();
  }
}

export interface IdleMetrics {
  clients: number;
  rssPerConnectionKb: number;
  connectSeconds: number;
  connectP50Ms: number;
  connectP99Ms: number;
}

/** Connects `count` idle clients joined to one room: memory per connection and connect time. */
export async function idle(kind: ServerKind, count: number): Promise<IdleMetrics> {
  const server = await startServer(kind);
  // A few connections first, so the baseline includes Socket.IO's own warm-up allocations.
  const warm = await connectReceivers(
    kind,
    server.urls,
    10,
    () => DEFAULT_ROOM,
    () => undefined,
    9_000,
  );
  await sleep(200);
  const before = await server.stats();
  const started = performance.now();
  const receivers = await connectReceivers(
    kind,
    server.urls,
    count,
    () => DEFAULT_ROOM,
    () => undefined,
    1,
    100,
  );
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(500);
  const after = await server.stats();
  for (const client of [...warm.clients, ...receivers.clients]) client.close();
  await server.stop();
  return {
    clients: count,
    rssPerConnectionKb: (after.rssBytes - before.rssBytes) / count / 1024,
    connectSeconds,
    connectP50Ms: ms(receivers.connectMicros, 50),
    connectP99Ms: ms(receivers.connectMicros, 99),
  };
}
