import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBearerToken } from '../auth/bot-tokens';
import { deviceName } from '../auth/device-name';
import type { SessionUser } from '../store/account-types';
import { newSessionToken, readSessionToken, sessionCookie, sessionIdOf } from '../session-token';
import type { AuthDeps } from './auth-deps';
import { HttpError } from './route-kit';

/**
 * The live session the request's cookie names (a bot's: its `Authorization: Bearer` token),
 * touched; undefined when there is none.
 */
export async function currentSession(
  deps: Pick<AuthDeps, 'stores'>,
  req: IncomingMessage,
): Promise<SessionUser | undefined> {
  const token = readSessionToken(req) ?? readBearerToken(req);
  if (token === undefined) return undefined;
  const session = await deps.stores.sessions.find(sessionIdOf(token));
  if (session !== undefined) await deps.stores.sessions.touch(session.sessionId);
  return session;
}

/** The request's session, or `401 unauthenticated`. */
export async function requireSession(deps: AuthDeps, req: IncomingMessage): Promise<SessionUser> {
  const session = await currentSession(deps, req);
  if (session === undefined) throw new HttpError(401, 'unauthenticated', 'Not signed in');
  return session;
}

/** The request's session if it is an admin's, or `403 forbidden`. */
export async function requireAdmin(deps: AuthDeps, req: IncomingMessage): Promise<SessionUser> {
  const session = await requireSession(deps, req);
  if (session.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only admins may do this');
  return session;
}

/**
 * Signs this browser in as `userId` with a new session (a new id at every sign-in, so a
 * session id planted before sign-in is worth nothing after it). A session the browser held
 * before ends, with its sockets.
 */
export async function startSession(
  deps: AuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  userId: number,
): Promise<string> {
  const previous = readSessionToken(req);
  if (previous !== undefined) {
    const previousId = sessionIdOf(previous);
    await deps.stores.sessions.remove(previousId);
    deps.events.sessionEnded(previousId);
  }
  const token = newSessionToken();
  const sessionId = sessionIdOf(token);
  await deps.stores.sessions.create(sessionId, userId, deviceName(req.headers['user-agent']));
  res.setHeader('Set-Cookie', sessionCookie(token, deps.isHttps(req)));
  return sessionId;
}

/** What a device list calls a session: enough of its hash to tell it from the account's others. */
export function publicSessionId(sessionId: string): string {
  return sessionId.slice(0, 16);
}
