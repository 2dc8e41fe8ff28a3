import type { IncomingMessage, ServerResponse } from 'node:http';
import { nameKey, sessionRequestSchema } from '../../protocol';
import type { RateLimiter } from '../rate-limiter';
import type { SessionStore } from '../store/types';
import {
  clearedSessionCookie,
  newSessionToken,
  readSessionToken,
  sessionCookie,
  sessionIdOf,
} from '../session-token';
import { BodyError, readJsonBody, sendError, sendJson } from './respond';
import { secretMatches } from './secret-match';

export interface SessionRouteDeps {
  sessions: SessionStore;
  joinCode: string | undefined;
  sessionLimiter: RateLimiter;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  clientAddress: (req: IncomingMessage) => string;
  /** Whether the browser came over HTTPS (directly or through a trusted proxy). */
  isHttps: (req: IncomingMessage) => boolean;
  /** Called when the sign-in limit refuses a request (for metrics). */
  onRateLimited: () => void;
  /** Called after a sign-out so the session's open sockets can be closed. */
  onSignOut: (sessionId: string) => void;
}

/** `/api/session`: claim a name (POST), read the session (GET), sign out (DELETE). */
export function createSessionRoutes(deps: SessionRouteDeps) {
  async function create(req: IncomingMessage, res: ServerResponse) {
    const decision = await deps.sessionLimiter.take(deps.clientAddress(req));
    if (!decision.ok) {
      deps.onRateLimited();
      res.setHeader('Retry-After', String(Math.ceil(decision.retryAfterMs / 1000)));
      return sendError(
        res,
        429,
        'rate_limited',
        'Too many sign-ins from this address, try again soon',
      );
    }
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (error) {
      if (error instanceof BodyError)
        return sendError(res, error.status, 'invalid_payload', error.message);
      throw error;
    }
    const parsed = sessionRequestSchema.safeParse(body);
    if (!parsed.success) {
      const nameIssue = parsed.error.issues.find((issue) => issue.path[0] === 'name');
      if (nameIssue !== undefined) return sendError(res, 400, 'invalid_name', nameIssue.message);
      return sendError(res, 400, 'invalid_payload', 'Expected {"name": string, "code"?: string}');
    }
    const { name, code } = parsed.data;
    if (deps.joinCode !== undefined && !secretMatches(deps.joinCode, code)) {
      return sendError(res, 403, 'bad_code', 'The join code is not right');
    }
    // Claiming again from a signed-in browser replaces its session (and frees its old name).
    const previous = readSessionToken(req);
    if (previous !== undefined) await releaseSession(sessionIdOf(previous));

    const token = newSessionToken();
    const result = await deps.sessions.claim(sessionIdOf(token), name, nameKey(name));
    if (!result.ok) return sendError(res, 409, 'name_taken', `“${name}” is already in use`);
    res.setHeader('Set-Cookie', sessionCookie(token, deps.isHttps(req)));
    sendJson(res, 200, { user: { name: result.session.name } });
  }

  async function read(req: IncomingMessage, res: ServerResponse) {
    const token = readSessionToken(req);
    const session = token === undefined ? undefined : await deps.sessions.find(sessionIdOf(token));
    if (session === undefined) return sendError(res, 401, 'unauthenticated', 'Not signed in');
    await deps.sessions.touch(session.id);
    sendJson(res, 200, { user: { name: session.name } });
  }

  async function releaseSession(sessionId: string) {
    await deps.sessions.release(sessionId);
    deps.onSignOut(sessionId);
  }

  async function remove(req: IncomingMessage, res: ServerResponse) {
    const token = readSessionToken(req);
    if (token !== undefined) await releaseSession(sessionIdOf(token));
    res.writeHead(204, { 'Set-Cookie': clearedSessionCookie(), 'Cache-Control': 'no-store' });
    res.end();
  }

  return async function handleSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') return read(req, res);
    if (req.method !== 'POST' && req.method !== 'DELETE') {
      res.setHeader('Allow', 'GET, POST, DELETE');
      return sendError(res, 405, 'method_not_allowed', 'Use GET, POST or DELETE');
    }
    if (!deps.isAllowedOrigin(req)) {
      return sendError(res, 403, 'forbidden', 'Requests from this origin are not allowed');
    }
    return req.method === 'POST' ? create(req, res) : remove(req, res);
  };
}
