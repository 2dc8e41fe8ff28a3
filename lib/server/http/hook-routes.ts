import { randomBytes, randomUUID } from 'node:crypto';
import { messageSendSchema, nameKey, MAX_PACKET_BYTES } from '../../protocol';
import { hookCreateSchema, hookPostSchema } from '../../protocol-bots';
import { hashSecret } from '../auth/secrets';
import { ChatError } from '../chat-error';
import { sendMessage } from '../messages/send-message';
import { authorKey } from '../store/account-rows';
import type { Hook } from '../store/hook-types';
import { type AuthDeps, publicOrigin } from './auth-deps';
import { httpError, type MessageRouteDeps } from './message-routes';
import { readJsonBody, sendJson } from './respond';
import { HttpError, parseBody, readBody, type Route } from './route-kit';
import { requireAdmin } from './session-cookies';

const hookView = (hook: Hook) => ({
  id: hook.id,
  name: hook.name,
  room: hook.room,
  deactivated: hook.deactivated,
  createdAt: hook.createdAt,
});

/**
 * `/api/admin/hooks` (admins make, list and remove incoming webhooks) and `/api/hooks/<secret>`
 * (a script posts `{message}` or Slack's `{text}` to the hook's channel, under its name; a
 * `clientId` makes it exactly-once). The URL is the secret: stored only as its hash.
 */
export function hookRoutes(
  deps: AuthDeps & Pick<MessageRouteDeps, 'sendLimiter' | 'posted' | 'webhooks'>,
): Route[] {
  const { stores } = deps;
  return [
    {
      method: 'POST',
      path: /^\/api\/admin\/hooks$/,
      body: hookCreateSchema,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        const { room, name } = await readBody(req, hookCreateSchema);
        const record = await stores.rooms.get(room);
        if (record === undefined || record.kind !== 'channel') {
          throw new HttpError(404, 'not_found', `There is no channel “${room}”`);
        }
        const secret = randomBytes(32).toString('base64url');
        const created = await stores.hooks.create({
          name,
          key: nameKey(name),
          room,
          secretHash: hashSecret(secret),
        });
        if (!created.ok) throw new HttpError(409, 'name_taken', `“${name}” is already taken`);
        // A member of its channel: a private one's included.
        await stores.rooms.join(room, created.hook.userId);
        sendJson(res, 201, {
          hook: hookView(created.hook),
          url: `${publicOrigin(deps, req)}/api/hooks/${secret}`,
        });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/admin\/hooks$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 200, { hooks: (await stores.hooks.list()).map(hookView) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/admin\/hooks\/(\d{1,15})$/,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const hook = (await stores.hooks.list()).find((candidate) => candidate.id === Number(id));
        if (hook === undefined) throw new HttpError(404, 'not_found', 'No such hook');
        // Its URL stops; what it posted stays.
        await stores.accounts.update(hook.userId, { deactivated: true });
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
    {
      method: 'POST',
      path: /^\/api\/hooks\/([A-Za-z0-9_-]{43})$/,
      body: hookPostSchema,
      handle: async (req, res, [secret]) => {
        const hook = await stores.hooks.findBySecret(hashSecret(secret ?? ''));
        if (hook === undefined) throw new HttpError(404, 'not_found', 'No such hook');
        const post = parseBody(await readJsonBody(req, MAX_PACKET_BYTES), hookPostSchema);
        const payload = parseBody(
          {
            room: hook.room,
            user: hook.name,
            message: post.message ?? post.text,
            // Without one, every post is a new message (as Slack's are).
            clientId: post.clientId ?? randomUUID(),
          },
          messageSendSchema,
        );
        const user = { id: hook.userId, name: hook.name, key: authorKey(hook.userId), isBot: true };
        const { message, created } = await sendMessage(
          { ...stores, sendLimiter: deps.sendLimiter, webhooks: deps.webhooks },
          user,
          payload,
          (retryAfterMs) => new ChatError('rate_limited', 'This hook posts too fast', retryAfterMs),
        ).catch((error: unknown) => {
          throw httpError(error);
        });
        if (created) deps.posted(message, user.id);
        sendJson(res, created ? 201 : 200, { message });
      },
    },
  ];
}
