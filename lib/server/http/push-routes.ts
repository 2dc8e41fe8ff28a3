import { pushSubscriptionSchema } from '../../protocol-push';
import type { AuthDeps } from './auth-deps';
import { sendJson } from './respond';
import { assertPostableUrl } from './postable-url';
import { readBody, type Route } from './route-kit';
import { requireSession } from './session-cookies';

export interface PushRouteDeps {
  /** The VAPID public key browsers subscribe with. */
  pushKey: () => Promise<string>;
  /** `PARLEY_PUSH_ALLOW_PRIVATE=1`: endpoints on internal addresses too (tests only). */
  allowPrivatePush: boolean;
}

/** `/api/push/key` and `/api/push/subscriptions` (this device's subscription). */
export function pushRoutes(deps: AuthDeps & PushRouteDeps): Route[] {
  const { stores } = deps;
  return [
    {
      method: 'GET',
      path: /^\/api\/push\/key$/,
      handle: async (_req, res) => sendJson(res, 200, { publicKey: await deps.pushKey() }),
    },
    {
      method: 'GET',
      path: /^\/api\/push\/subscriptions$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const sessions = await stores.push.sessionsWithPush(session.userId);
        sendJson(res, 200, { subscribed: sessions.has(session.sessionId) });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/push\/subscriptions$/,
      body: pushSubscriptionSchema,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const { endpoint, keys } = await readBody(req, pushSubscriptionSchema);
        // The server will post to this URL on the client's word: never to an internal service.
        if (!deps.allowPrivatePush) await assertPostableUrl('endpoint', endpoint);
        // One subscription per device: a browser that subscribes anew replaces its old one.
        await stores.push.unsubscribe(session.sessionId);
        await stores.push.subscribe(session.sessionId, session.userId, endpoint, keys);
        sendJson(res, 201, { subscribed: true });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/push\/subscriptions$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        await stores.push.unsubscribe(session.sessionId);
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
  ];
}
