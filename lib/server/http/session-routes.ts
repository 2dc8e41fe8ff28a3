import { sessionListSchema, signInSchema } from '../../protocol-accounts';
import { clearedSessionCookie, readSessionToken, sessionIdOf } from '../session-token';
import type { AuthDeps } from './auth-deps';
import { sendJson } from './respond';
import { readBody, HttpError, type Route } from './route-kit';
import { authenticate } from './sign-in';
import { publicSessionId, requireSession, startSession } from './session-cookies';
import type * as z from 'zod/mini';

/** A do-not-disturb time that has passed is no longer one. */
export function activeUntil(until: string | undefined): string | null {
  return until !== undefined && Date.parse(until) > Date.now() ? until : null;
}

/** `/api/session` (sign in, read, sign out) and `/api/sessions` (this account's devices). */
export function sessionRoutes(deps: AuthDeps): Route[] {
  const { stores } = deps;
  return [
    {
      method: 'POST',
      path: /^\/api\/session$/,
      body: signInSchema,
      handle: async (req, res) => {
        const body = await readBody(req, signInSchema);
        const userId = await authenticate(deps, req, body);
        await startSession(deps, req, res, userId);
        const account = await stores.accounts.get(userId);
        if (account === undefined) throw new HttpError(401, 'unauthenticated', 'Not signed in');
        sendJson(res, 200, { user: { id: account.id, name: account.name, role: account.role } });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/session$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const [account, passkeys, doNotDisturbUntil] = await Promise.all([
          stores.accounts.get(session.userId),
          stores.passkeys.list(session.userId),
          stores.push.doNotDisturbUntil(session.userId),
        ]);
        if (account === undefined) throw new HttpError(401, 'unauthenticated', 'Not signed in');
        sendJson(res, 200, {
          user: {
            id: account.id,
            name: account.name,
            role: account.role,
            hasPassword: account.hasPassword,
            passkeys: passkeys.map((passkey) => ({
              id: passkey.id,
              name: passkey.name,
              createdAt: passkey.createdAt,
              ...(passkey.lastUsedAt === undefined ? {} : { lastUsedAt: passkey.lastUsedAt }),
            })),
            doNotDisturbUntil: activeUntil(doNotDisturbUntil),
          },
        });
      },
    },
    {
      // This device only: the account, its name, DMs and read markers stay.
      method: 'DELETE',
      path: /^\/api\/session$/,
      handle: async (req, res) => {
        const token = readSessionToken(req);
        if (token !== undefined) {
          const sessionId = sessionIdOf(token);
          await stores.sessions.remove(sessionId);
          deps.events.sessionEnded(sessionId);
        }
        res.writeHead(204, { 'Set-Cookie': clearedSessionCookie(), 'Cache-Control': 'no-store' });
        res.end();
      },
    },
    {
      method: 'GET',
      path: /^\/api\/sessions$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const [sessions, pushing] = await Promise.all([
          stores.sessions.list(session.userId),
          stores.push.sessionsWithPush(session.userId),
        ]);
        const body: z.input<typeof sessionListSchema> = {
          sessions: sessions.map((info) => ({
            id: publicSessionId(info.id),
            current: info.id === session.sessionId,
            createdAt: info.createdAt,
            lastSeenAt: info.lastSeenAt,
            device: info.device,
            push: pushing.has(info.id),
          })),
        };
        sendJson(res, 200, body);
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/sessions$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        await stores.sessions.removeAll(session.userId, session.sessionId);
        deps.events.sessionsEnded(session.userId, session.sessionId);
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/sessions\/([0-9a-f]{16})$/,
      handle: async (req, res, [id]) => {
        const session = await requireSession(deps, req);
        const target = (await stores.sessions.list(session.userId)).find(
          (info) => publicSessionId(info.id) === id,
        );
        if (target === undefined) throw new HttpError(404, 'not_found', 'No such session');
        await stores.sessions.remove(target.id);
        deps.events.sessionEnded(target.id);
        if (target.id === session.sessionId) res.setHeader('Set-Cookie', clearedSessionCookie());
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
  ];
}
