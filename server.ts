/**
 * Parley's entry point: one Node process serving Next.js pages, the HTTP API and Socket.IO on
 * one port. Shutdown closes sockets, then HTTP, then the database, within a deadline.
 */
import { createServer } from 'node:http';
import next from 'next';
import { createParleyServer } from './lib/server/app-server';
import { parseConfig } from './lib/server/env';
import { describeError, jsonLogger as log } from './lib/server/logger';

const SHUTDOWN_DEADLINE_MS = 8_000;

async function main() {
  const config = parseConfig(process.env);
  // Next only ever sees this never-listening server for upgrades, so it cannot claim (and close)
  // Socket.IO's WebSocket; the app server forwards it the upgrades that are Next's (dev HMR).
  const nextUpgradeTarget = createServer();
  const app = next({
    dev: config.isDev,
    hostname: config.hostname,
    port: config.port,
    httpServer: nextUpgradeTarget,
  });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createParleyServer({
    config,
    log,
    pages: { handle: (req, res) => handle(req, res), upgradeTarget: nextUpgradeTarget },
  });
  const port = await server.listen(config.port, config.hostname);
  log.info('parley listening', { port, hostname: config.hostname, dev: config.isDev });

  let isShuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (isShuttingDown) return;
    isShuttingDown = true;
    log.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server
      .close()
      .then(() => app.close())
      .then(() => {
        log.info('shut down cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error('shutdown failed', describeError(error));
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  log.error('failed to start', describeError(error));
  process.exit(1);
});
