import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { openDatabase } from '../lib/server/store/sqlite/sqlite-database';
import type { ProbeStats } from './probe';
import { startRedis } from '../test/helpers/cluster';
import { createTestDatabase } from '../test/helpers/postgres';
import { seedMessages } from '../test/helpers/seed';
import { listeningPort } from '../test/helpers/server-process';

export type ServerKind = 'parley' | 'bare';

export interface BenchServer {
  kind: ServerKind;
  url: string;
  /** Every node's address (one for a single server); clients spread over them. */
  urls: string[];
  /** When the process was spawned (performance.now()). */
  spawnedAt: number;
  resetStats(): Promise<void>;
  stats(): Promise<ProbeStats>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

// However the bench ends, it leaves no server behind.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

let compiled: Promise<unknown> | undefined;

/**
 * Compiles the bare server and the probe to plain JavaScript, as `npm run build` does for Parley,
 * so neither server pays for TypeScript at start.
 */
function compileBenchServers(): Promise<unknown> {
  compiled ??= build({
    entryPoints: { 'bare-server': 'bench/bare-server.ts', probe: 'bench/probe.ts' },
    outdir: path.join(ROOT, 'dist', 'bench'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    absWorkingDir: ROOT,
    logLevel: 'warning',
  });
  return compiled;
}

export interface StartOptions {
  /** Channels to create before Parley starts (the bare server needs none). */
  rooms?: string[];
  /** Messages to store in #general before Parley starts. */
  seedMessages?: number;
  env?: Record<string, string>;
}

function seedRooms(dataDir: string, rooms: string[]): void {
  const db = openDatabase(dataDir);
  const insert = db.prepare(
    "INSERT OR IGNORE INTO rooms (name, kind, created_at) VALUES (?, 'channel', ?)",
  );
  const now = new Date().toISOString();
  db.transaction(() => rooms.forEach((room) => insert.run(room, now)))();
  db.close();
}

/** Starts Parley's production server or the bare baseline, with the stats probe preloaded. */
export async function startServer(
  kind: ServerKind,
  options: StartOptions = {},
): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-'));
  if (kind === 'parley' && options.rooms !== undefined) seedRooms(dataDir, options.rooms);
  if (kind === 'parley' && options.seedMessages !== undefined)
    seedMessages(dataDir, options.seedMessages);
  await compileBenchServers();
  const entry = kind === 'parley' ? 'dist/server.mjs' : 'dist/bench/bare-server.mjs';
  const spawnedAt = performance.now();
  // `npm run bench -- --profile`: the probe writes a CPU profile of every measured window.
  const profileDir = path.join(ROOT, 'bench', 'results', 'profiles');
  if (process.argv.includes('--profile')) mkdirSync(profileDir, { recursive: true });
  const profile = process.argv.includes('--profile')
    ? { PARLEY_BENCH_PROFILE_DIR: profileDir }
    : {};
  const child = spawn(process.execPath, ['--import', './dist/bench/probe.mjs', entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOSTNAME: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_REGISTRATION: 'open',
      ...profile,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const port = await portOf(child);
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    urls: [`http://127.0.0.1:${port}`],
    spawnedAt,
    resetStats: async () => {
      await ask(child, 'reset');
    },
    stats: async () => ((await ask(child, 'stats')) as { stats: ProbeStats }).stats,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function portOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    if (child.stdout === null) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const port = listeningPort(line);
      if (port !== undefined) resolve(port);
    });
  });
}

function ask(child: ChildProcess, request: 'reset' | 'stats'): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      if (
        typeof message === 'object' &&
        message !== null &&
        'type' in message &&
        message.type === request
      ) {
        child.off('message', onMessage);
        resolve(message);
      }
    };
    child.on('message', onMessage);
    child.send(request);
  });
}

/**
 * Parley as `nodes` nodes on one PostgreSQL (a fresh database on the machine's server, see
 * test/helpers/postgres.ts) and a Redis of its own: one server to the scenarios, whose stats are
 * the sum of the nodes' CPU and memory.
 */
export async function startCluster(nodes: number): Promise<BenchServer> {
  const database = await createTestDatabase();
  const redis = await startRedis();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    PARLEY_REDIS_PREFIX: 'bench:',
  };
  // The first migrates the schema; the others start on it.
  const first = await startServer('parley', { env });
  const others = await Promise.all(
    Array.from({ length: nodes - 1 }, () => startServer('parley', { env })),
  );
  const all = [first, ...others];
  return {
    kind: 'parley',
    url: first.url,
    urls: all.map((node) => node.url),
    spawnedAt: first.spawnedAt,
    resetStats: async () => {
      await Promise.all(all.map((node) => node.resetStats()));
    },
    stats: async () => {
      const each = await Promise.all(all.map((node) => node.stats()));
      return {
        cpuMicros: each.reduce((sum, stats) => sum + stats.cpuMicros, 0),
        rssBytes: each.reduce((sum, stats) => sum + stats.rssBytes, 0),
        eventLoopP99Ms: Math.max(...each.map((stats) => stats.eventLoopP99Ms)),
        eventLoopUtilization: Math.max(...each.map((stats) => stats.eventLoopUtilization)),
      };
    },
    stop: async () => {
      await Promise.all(all.map((node) => node.stop()));
      await redis.stop();
      await database.drop();
    },
  };
}
