import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StorageHealth } from '../store/types';
import { sendError, sendJson } from './respond';
import { createSessionRoutes, type SessionRouteDeps } from './session-routes';

export interface ApiRouterDeps extends SessionRouteDeps {
  health: StorageHealth;
  log: (message: string, error: unknown) => void;
}

/**
 * Parley's own HTTP routes. They live beside Socket.IO rather than in Next's route handlers
 * because they share this process's stores and limiters, and so that integration tests can
 * run the whole chat server without building Next.
 * Returns false for any path it does not own, which then goes to Next.
 */
export function createApiRouter(deps: ApiRouterDeps) {
  const handleSession = createSessionRoutes(deps);

  async function healthz(res: ServerResponse) {
    try {
      await deps.health.ping();
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'unavailable' });
    }
  }

  return function routeApi(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '/').split('?', 1)[0];
    let work: Promise<void>;
    if (path === '/api/session') work = handleSession(req, res);
    else if (path === '/healthz') work = healthz(res);
    else if (path?.startsWith('/api/'))
      work = Promise.resolve(sendError(res, 404, 'not_found', 'No such API route'));
    else return false;
    work.catch((error: unknown) => {
      deps.log('http request failed', error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on our side');
      else res.destroy();
    });
    return true;
  };
}
