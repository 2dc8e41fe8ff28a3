import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { StorageHealth } from '../store/types';
import { sendError, sendJson } from './respond';
import { accountRoutes } from './account-routes';
import { adminRoutes } from './admin-routes';
import { botRoutes, type BotRouteDeps } from './bot-routes';
import { hookRoutes } from './hook-routes';
import { messageRoutes, type MessageRouteDeps } from './message-routes';
import { openApiDocument } from './openapi';
import type { AuthDeps } from './auth-deps';
import { passkeyRoutes } from './passkey-routes';
import { pushRoutes, type PushRouteDeps } from './push-routes';
import { sendHttpError, type Route } from './route-kit';
import { secretMatches } from './secret-match';
import { sessionRoutes } from './session-routes';
import { uploadRoutes, type UploadDeps } from './upload-routes';

/** The contract's version, as the README's "Wire contract" names it. */
const API_VERSION = '2';

export interface ApiRouterDeps
  extends AuthDeps, UploadDeps, PushRouteDeps, BotRouteDeps, MessageRouteDeps {
  health: StorageHealth;
  /** False once shutdown has begun. */
  isReady: () => boolean;
  metrics: Registry;
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  log: (message: string, error: unknown) => void;
}

/**
 * Parley's own HTTP routes. They live beside Socket.IO rather than in Next's route handlers
 * because they share this process's stores and limiters, and so that integration tests can
 * run the whole chat server without building Next.
 * Returns false for any path it does not own, which then goes to Next.
 */
export function createApiRouter(deps: ApiRouterDeps) {
  const routes: Route[] = [
    ...sessionRoutes(deps),
    ...accountRoutes(deps),
    ...passkeyRoutes(deps),
    ...adminRoutes(deps),
    ...uploadRoutes(deps),
    ...pushRoutes(deps),
    ...botRoutes(deps),
    ...messageRoutes(deps),
    ...hookRoutes(deps),
  ];
  // Public: the document of every route above, this one included.
  routes.push({
    method: 'GET',
    path: /^\/api\/openapi\.json$/,
    handle: (_req, res) => {
      document ??= JSON.stringify(openApiDocument(routes, API_VERSION));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
      res.end(document);
      return Promise.resolve();
    },
  });
  let document: string | undefined;

  /** The account API: method, origin and errors are handled here once for every route. */
  async function account(req: IncomingMessage, res: ServerResponse, path: string) {
    const matching = routes.flatMap((route) => {
      const match = route.path.exec(path);
      return match === null ? [] : [{ route, params: match.slice(1) }];
    });
    if (matching.length === 0) return sendError(res, 404, 'not_found', 'No such API route');
    const found = matching.find(({ route }) => route.method === req.method);
    if (found === undefined) {
      const allowed = matching.map(({ route }) => route.method).join(', ');
      res.setHeader('Allow', allowed);
      return sendError(res, 405, 'method_not_allowed', `Use ${allowed}`);
    }
    // Every state change refuses foreign origins: no other site can act with our cookie.
    if (found.route.method !== 'GET' && !deps.isAllowedOrigin(req)) {
      return sendError(res, 403, 'forbidden', 'Requests from this origin are not allowed');
    }
    try {
      await found.route.handle(req, res, found.params);
    } catch (error) {
      if (!sendHttpError(res, error)) throw error;
    }
  }

  async function healthz(res: ServerResponse) {
    try {
      await deps.health.ping();
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'unavailable' });
    }
  }

  /** Ready for traffic: storage answers and the server is not shutting down. */
  async function readyz(res: ServerResponse) {
    if (!deps.isReady()) return sendJson(res, 503, { status: 'shutting_down' });
    try {
      await deps.health.ping();
      sendJson(res, 200, { status: 'ready' });
    } catch {
      sendJson(res, 503, { status: 'unavailable' });
    }
  }

  async function metrics(req: IncomingMessage, res: ServerResponse) {
    if (deps.metricsToken !== undefined) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!secretMatches(deps.metricsToken, bearer)) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="parley metrics"');
        return sendError(res, 401, 'unauthenticated', 'Metrics need the metrics token');
      }
    }
    const body = await deps.metrics.metrics();
    res.writeHead(200, { 'Content-Type': deps.metrics.contentType, 'Cache-Control': 'no-store' });
    res.end(body);
  }

  return function routeApi(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?', 1)[0];
    let work: Promise<void>;
    if (path === '/healthz') work = healthz(res);
    else if (path === '/readyz') work = readyz(res);
    else if (path === '/metrics') work = metrics(req, res);
    else if (path?.startsWith('/api/')) work = account(req, res, path);
    else return false;
    work.catch((error: unknown) => {
      deps.log('http request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side');
      else res.destroy();
    });
    return true;
  };
}
