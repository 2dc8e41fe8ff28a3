import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSocketServer } from './socket/socket-server';
import type { FanOut } from './cluster/fan-out';
import type { Config } from './env';
import { createApiRouter } from './http/api-router';
import { createFileRouter } from './http/file-routes';
import type { OpenedFiles } from './files/open-file-storage';
import { createUploadSweeper } from './files/upload-sweeper';
import { createClientInfo } from './http/proxy';
import { applyPagePolicy, setCommonHeaders } from './http/security-headers';
import { createMetrics, type Metrics } from './metrics';
import { sendError } from './http/respond';
import { createRequestLogger, type Logger } from './logger';
import { createOriginPolicy } from './origin-policy';
import type { Message } from '../protocol';
import { DEFAULT_MAX_UPLOAD_MB } from '../protocol-uploads';
import { createTokenBucket } from './rate-limiter';
import {
  DEFAULT_CONNECTION_LIMITS,
  DEFAULT_LIMITS,
  type ConnectionLimits,
  type RateLimits,
} from './limits';
import { DEFAULT_PRESENCE, type PresenceOptions } from './socket/presence';
import { DEFAULT_SLOW_READERS, type SlowReaderOptions } from './socket/slow-readers';
import { TYPING_FORWARD_MS } from './socket/typing-handlers';
import { accountEvents } from './socket/account-events';
import { visibleUsers } from './socket/visibility-handlers';
import { createWebPush, type PushOptions } from './push/web-push';
import { createWebhooks, type WebhookOptions } from './webhooks/webhooks';
import { createMessageChanges } from './messages/change-message';
import type { SocketServer } from './socket/types';
import type { Stores } from './store/types';

export const SOCKET_IO_PATH = '/socket.io/';

/** What the app server hands pages to; absent in tests that only need the chat. */
export interface PageRenderer {
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Receives upgrades on paths that are not Socket.IO's (Next's dev HMR socket). */
  upgradeTarget?: Server;
  /** Next in development mode: its hot reload needs a looser CSP. */
  isDev?: boolean;
}

export interface WebServer {
  httpServer: Server;
  io: SocketServer;
  stores: Stores;
  metrics: Metrics;
  /** Resolves once listening; returns the bound port. */
  listen(port: number, hostname?: string): Promise<number>;
  /** Closes sockets, then the HTTP server, then the database. */
  close(): Promise<void>;
}

export interface WebServerOptions {
  config: Pick<Config, 'joinCode' | 'allowedOrigins'> &
    Partial<
      Pick<
        Config,
        | 'trustProxy'
        | 'maxConnectionsPerAddress'
        | 'metricsToken'
        | 'registration'
        | 'maxUploadBytes'
        | 'vapid'
        | 'pushContact'
        | 'pushAllowPrivate'
        | 'webhookAllowPrivate'
      >
    >;
  log: Logger;
  pages?: PageRenderer;
  limits?: RateLimits;
  presence?: PresenceOptions;
  /** How often one socket's typing signals are forwarded (tests stretch it). */
  typingForwardMs?: number;
  /** Open sockets per session and per address (tests lower them). */
  connectionLimits?: ConnectionLimits;
  /** When a connection that does not read is dropped (tests lower the bound). */
  slowReaders?: SlowReaderOptions;
  /** The stores to serve from, opened by `openStores` (store/open-stores.ts). */
  stores: Stores;
  /** Redis, shared with the other nodes: broadcasts, presence and rate limits cross nodes. */
  fanOut?: FanOut;
  /** Where uploaded files are kept, and where they arrive first (`files/open-file-storage.ts`). */
  files: OpenedFiles;
  /** Web push: keys, contact, and (tests) private endpoints and shorter waits. */
  push?: Partial<PushOptions>;
  /** Outgoing webhooks: (tests) private addresses and shorter waits. */
  webhooks?: Partial<WebhookOptions>;
}

/** Builds the whole Parley server on one HTTP server: API routes, Socket.IO, then pages. */
export function createWebServer(options: WebServerOptions): WebServer {
  const { config, log, pages, limits = DEFAULT_LIMITS, presence = DEFAULT_PRESENCE } = options;
  const { stores } = options;
  const isAllowedOrigin = createOriginPolicy(config.allowedOrigins);
  const client = createClientInfo(config.trustProxy ?? false);
  const metrics = createMetrics();
  const httpServer = createServer();
  const { fanOut } = options;
  const limiter = (name: keyof RateLimits) =>
    fanOut === undefined ? createTokenBucket(limits[name]) : fanOut.limiter(name, limits[name]);
  // Set when shutdown starts: /readyz turns away new traffic while sockets drain.
  let isDraining = false;
  const { storage, incomingDir } = options.files;
  const sweeper = createUploadSweeper({
    uploads: stores.uploads,
    storage,
    isPeriodic: true,
    onError: (error) => log.warn({ err: error }, 'file sweep failed'),
  });

  // One budget per author, whether they send over a socket or over HTTP.
  const sendLimiter = limiter('send');
  const webPush = createWebPush(
    stores,
    (userIds) => visibleUsers(io, userIds),
    {
      contact: options.config.pushContact ?? 'mailto:admin@parley.invalid',
      allowPrivate: options.config.pushAllowPrivate ?? false,
      vapid: options.config.vapid,
      ...options.push,
    },
    log,
    metrics.countPush,
  );
  // A new message, from a socket, the HTTP API, a hook or a bot's reply: tell its room.
  const posted = (message: Message, authorId: number) => {
    io.to(message.room).emit('message:new', message);
    metrics.messageStored();
    webPush.notifier.messagePosted(message, authorId);
  };
  const allowPrivateWebhooks =
    options.webhooks?.allowPrivate ?? config.webhookAllowPrivate ?? false;
  const webhooks = createWebhooks(
    { stores, sendLimiter, posted, log, count: metrics.countWebhook },
    { ...options.webhooks, allowPrivate: allowPrivateWebhooks },
  );
  const {
    io,
    stop: stopChat,
    renameHere,
  } = createSocketServer(httpServer, {
    stores,
    sendLimiter,
    webhooks: webhooks.messageWebhooks,
    createLimiter: limiter('create'),
    fanOut,
    presence,
    typingForwardMs: options.typingForwardMs ?? TYPING_FORWARD_MS,
    isAllowedOrigin,
    clientAddress: client.address,
    connectionLimits: options.connectionLimits ?? {
      ...DEFAULT_CONNECTION_LIMITS,
      perAddress: config.maxConnectionsPerAddress ?? DEFAULT_CONNECTION_LIMITS.perAddress,
    },
    slowReaders: options.slowReaders ?? DEFAULT_SLOW_READERS,
    metrics,
    log,
    sweeper,
    onPosted: webPush.notifier.messagePosted,
  });
  metrics.countSockets(() => io.engine.clientsCount);
  const { messages } = stores;
  if (messages.commitTotals !== undefined) {
    metrics.countCommits(() => messages.commitTotals?.() ?? { commits: 0, cpuMicros: 0 });
  }

  const routeApi = createApiRouter({
    stores,
    health: stores.health,
    joinCode: config.joinCode,
    registration: config.registration ?? 'invite',
    addressLimiter: limiter('session'),
    accountLimiter: limiter('accountFailures'),
    isAllowedOrigin,
    clientAddress: client.address,
    isHttps: client.isHttps,
    onRateLimited: () => metrics.rateLimited('session'),
    isReady: () => !isDraining,
    metrics: metrics.registry,
    metricsToken: config.metricsToken,
    events: accountEvents(io, stores, renameHere),
    log: (message, error) => log.error({ err: error }, message),
    uploads: stores.uploads,
    storage,
    incomingDir,
    maxUploadBytes: config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_MB * 1024 * 1024,
    uploadLimiter: limiter('upload'),
    pushKey: webPush.publicKey,
    allowPrivatePush: options.push?.allowPrivate ?? options.config.pushAllowPrivate ?? false,
    allowPrivateWebhooks,
    sendLimiter,
    webhooks: webhooks.messageWebhooks,
    changes: createMessageChanges({ ...stores, sendLimiter, sweeper, log }),
    posted,
    updated: (message) => io.to(message.room).emit('message:updated', message),
    deleted: (room, id) => io.to(room).emit('message:deleted', { room, id }),
  });
  const routeFiles = createFileRouter({ stores, storage }, (message, error) =>
    log.error({ err: error }, message),
  );

  const logRequest = createRequestLogger(log);
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Socket.IO's own listener answers its polling requests.
    if (req.url?.startsWith(SOCKET_IO_PATH)) return;
    logRequest(req, res);
    setCommonHeaders(res, client.isHttps(req));
    if (routeApi(req, res)) return;
    if (routeFiles(req, res)) return;
    if (pages === undefined) return sendError(res, 404, 'not_found', 'Not found');
    applyPagePolicy(req, res, pages.isDev ?? false);
    pages.handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'page request failed');
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side');
    });
  });

  // Engine.IO answers upgrades on its path; every other upgrade goes to Next, which only ever
  // sees those, so no page route can close Socket.IO's WebSocket.
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith(SOCKET_IO_PATH)) return;
    if (pages?.upgradeTarget === undefined) {
      socket.destroy();
      return;
    }
    pages.upgradeTarget.emit('upgrade', req, socket, head);
  });

  return {
    httpServer,
    io,
    stores,
    metrics,
    listen: (port, hostname) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, hostname, () => {
          httpServer.off('error', reject);
          // Deliveries a previous run left pending go out once this node serves.
          webhooks.start();
          const address = httpServer.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      }),
    close: async () => {
      isDraining = true;
      // io.close() disconnects every socket and closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      stopChat();
      sweeper.stop();
      webPush.close();
      await webhooks.stop();
      await fanOut?.close();
      await stores.close();
      options.files.close();
    },
  };
}
