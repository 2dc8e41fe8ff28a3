/**
 * Parley's entry point: one Node process serving Next.js pages, the HTTP API and Socket.IO on
 * one port. Shutdown closes sockets, then HTTP, then the database, within a deadline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createWebServer } from './lib/server/web-server';
import { parseConfig, type Config } from './lib/server/env';
import { applyEnvFile } from './lib/server/env-file';
import { createLogger } from './lib/server/logger';
import { setupCode } from './lib/server/auth/registration';
import { openStores } from './lib/server/store/open-stores';
import { openFileStorage } from './lib/server/files/open-file-storage';

const SHUTDOWN_DEADLINE_MS = 8_000;
// Info until the configuration (PARLEY_LOG_LEVEL) is read, so a bad configuration is logged too.
const log = createLogger();

interface Pages {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  close: () => Promise<void>;
}

/** Loads and prepares Next.js; Next only ever sees `upgradeTarget` for upgrades. */
async function startNext(config: Config, upgradeTarget: Server): Promise<Pages> {
  const { default: next } = await import('next');
  const app = next({
    dev: config.isDev,
    hostname: config.hostname,
    port: config.port,
    httpServer: upgradeTarget,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  return { handle: (req, res) => handle(req, res), close: () => app.close() };
}

/** Fan-out between nodes, with `REDIS_URL`; only such a server loads Redis's code. */
async function connectRedis(config: Config) {
  if (config.redisUrl === undefined) return undefined;
  const { connectFanOut } = await import('./lib/server/cluster/fan-out');
  return connectFanOut({ url: config.redisUrl, prefix: config.redisPrefix, log });
}

async function main() {
  // Before anything reads the environment (Next reads NODE_ENV too).
  applyEnvFile(process.env, process.cwd());
  const config = parseConfig(process.env);
  log.level = config.logLevel;
  // Next only sees this never-listening server for upgrades, so it cannot claim (and close)
  // Socket.IO's WebSocket; the app server forwards it the upgrades that are Next's (dev HMR).
  const nextUpgradeTarget = createServer();
  // Chat and API do not need Next: it is loaded and prepared (~0.5 s of the main thread) at the
  // first page request, which waits for it, so a restarted server takes its reconnecting sockets
  // back without it and a node that serves only sockets and bots never loads it.
  let pages: Promise<Pages> | undefined;
  const pagesReady = () => {
    if (pages === undefined) {
      pages = startNext(config, nextUpgradeTarget);
      pages.then(
        () => log.info('pages ready'),
        (error: unknown) => {
          // A build that cannot serve pages is broken: say so and stop, as at start.
          log.error({ err: error }, 'Next.js failed to start');
          process.exit(1);
        },
      );
    }
    return pages;
  };

  // SQLite in the data directory unless DATABASE_URL names PostgreSQL; Redis only with several
  // nodes. Either one unreachable at start is fatal: a supervisor restarts the process.
  const { stores, kind: storage } = await openStores(config);
  const files = await openFileStorage(config);
  const fanOut = await connectRedis(config);

  const server = createWebServer({
    config,
    log,
    stores,
    files,
    fanOut,
    pages: {
      handle: async (req, res) => (await pagesReady()).handle(req, res),
      upgradeTarget: nextUpgradeTarget,
      isDev: config.isDev,
    },
  });

  // Before listening: once the server says it listens, a SIGTERM must already shut it down
  // cleanly (the fault test once sent one in the instant between the two).
  let isShuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server
      .close()
      .then(async () => (await pages)?.close())
      .then(() => {
        log.info('shut down cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const port = await server.listen(config.port, config.hostname);
  // A server nobody administers yet says how to claim it, at every start, to whoever reads its
  // log (that is, whoever runs it): a stranger who reaches it first cannot.
  const setup = await setupCode(stores);
  if (setup !== undefined) {
    const origin = config.allowedOrigins?.[0] ?? `http://localhost:${port}`;
    log.warn(
      { setupUrl: `${origin}/join/${setup}` },
      'no admin yet: open the setup link to make the first account (the admin)',
    );
  }
  log.info(
    {
      port,
      address: config.hostname,
      dev: config.isDev,
      storage,
      files: files.storage.kind,
      node: fanOut?.nodeId,
    },
    'parley listening',
  );
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'failed to start');
  process.exit(1);
});
