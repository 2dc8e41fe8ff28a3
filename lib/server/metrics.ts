import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommitTotals } from './store/types';

/** Events whose acks are timed; anything else is counted as `other` (label values stay few). */
const TIMED_EVENTS = new Set([
  'room:join',
  'room:history',
  'room:leave',
  'room:list',
  'room:create',
  'room:read',
  'dm:open',
  'message:send',
  'message:edit',
  'message:delete',
  'message:react',
  'message:search',
  'typing',
]);

export interface Metrics {
  registry: Registry;
  /** Call with the ack of every acknowledged event: it times it and counts refusals. */
  timeAck: (event: string, started: number, result: unknown) => void;
  messageStored: () => void;
  rateLimited: (limit: 'send' | 'session' | 'create' | 'connections' | 'slow_reader') => void;
  /** One push's outcome (`sent`, `gone`, `retry`, `failed`), or a note dropped (`full`). */
  countPush: (outcome: 'sent' | 'gone' | 'retry' | 'failed' | 'full') => void;
  /** One outgoing webhook try's outcome (`delivered`, `retry`, `failed`). */
  countWebhook: (outcome: 'delivered' | 'retry' | 'failed') => void;
  /** Reads the number of open sockets when scraped. */
  countSockets: (read: () => number) => void;
  /** Reads the store's group commits when scraped (SQLite's; PostgreSQL has none to read). */
  countCommits: (read: () => CommitTotals) => void;
}

/**
 * Prometheus metrics for one server, in a registry of its own (tests run several servers in
 * one process). `/metrics` serves them with Node's defaults, event-loop lag included.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const ackSeconds = new Histogram({
    name: 'parley_ack_seconds',
    help: 'Time from receiving an acknowledged event to answering it',
    labelNames: ['event', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const stored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages committed to storage',
    registers: [registry],
  });
  const refused = new Counter({
    name: 'parley_rate_limited_total',
    help: 'Requests refused by a rate limit',
    labelNames: ['limit'],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'parley_pushes_total',
    help: 'Web pushes by outcome (full: dropped because the queue was full)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'parley_webhooks_total',
    help: 'Outgoing webhook tries by outcome (failed: given up, no more tries)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const ackSeriesByKey = new Map<string, { observe: (seconds: number) => void }>();
  let readSockets = () => 0;
  new Gauge({
    name: 'parley_connected_sockets',
    help: 'Socket.IO connections open now',
    registers: [registry],
    collect() {
      this.set(readSockets());
    },
  });

  return {
    registry,
    timeAck: (event, started, result) => {
      const answer = (typeof result === 'object' && result !== null ? result : {}) as {
        ok?: unknown;
        error?: { code?: unknown };
      };
      const code = answer.error?.code;
      const outcome = answer.ok === true ? 'ok' : typeof code === 'string' ? code : 'error';
      const name = TIMED_EVENTS.has(event) ? event : 'other';
      // One child per label pair, looked up by a plain string: prom-client would hash the
      // label object on every observation, on the path of every message.
      const key = `${name} ${outcome}`;
      let series = ackSeriesByKey.get(key);
      if (series === undefined) {
        series = ackSeconds.labels(name, outcome);
        ackSeriesByKey.set(key, series);
      }
      series.observe((performance.now() - started) / 1000);
      if (outcome === 'rate_limited') {
        refused.inc({ limit: event === 'room:create' ? 'create' : 'send' });
      }
    },
    messageStored: () => stored.inc(),
    rateLimited: (limit) => refused.inc({ limit }),
    countPush: (outcome) => pushes.inc({ outcome }),
    countWebhook: (outcome) => webhooks.inc({ outcome }),
    countSockets: (read) => {
      readSockets = read;
    },
    countCommits: (read) => countCommits(registry, read),
  };
}

/**
 * The cost of durability, where an operator (and the benchmark) can see it: each commit is a
 * WAL append and an fsync on the event loop. Registered only by a store that has them.
 */
function countCommits(registry: Registry, read: () => CommitTotals) {
  new Counter({
    name: 'parley_store_commits_total',
    help: 'Group commits of new messages (one transaction and one fsync each)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read().commits);
    },
  });
  new Counter({
    name: 'parley_store_commit_cpu_seconds_total',
    help: 'Process CPU time spent in group commits of new messages, fsync included',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read().cpuMicros / 1e6);
    },
  });
}
