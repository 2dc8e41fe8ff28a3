import { DEFAULT_ROOM, nameKey } from '../../protocol';
import { botChangeSchema, botCreateSchema } from '../../protocol-bots';
import { newBotToken, newSigningSecret } from '../auth/bot-tokens';
import { sessionIdOf } from '../session-token';
import type { Bot } from '../store/bot-types';
import type { AuthDeps } from './auth-deps';
import { assertPostableUrl } from './postable-url';
import { sendJson } from './respond';
import { HttpError, readBody, type Route } from './route-kit';
import { requireAdmin } from './session-cookies';

export interface BotRouteDeps {
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE=1`: webhooks on internal addresses too (tests only). */
  allowPrivateWebhooks: boolean;
}

const botView = (bot: Bot) => ({
  id: bot.id,
  name: bot.name,
  role: 'bot' as const,
  ...(bot.webhookUrl === undefined ? {} : { webhookUrl: bot.webhookUrl }),
  deactivated: bot.deactivated,
  createdAt: bot.createdAt,
});

const nameTaken = (name: string) => new HttpError(409, 'name_taken', `“${name}” is already taken`);

/**
 * `/api/admin/bots`: admins make bots, rename them, point their webhooks, replace their tokens
 * and deactivate them. A token is shown once: it is stored as a session, by its hash.
 */
export function botRoutes(deps: AuthDeps & BotRouteDeps): Route[] {
  const { stores } = deps;

  /** The server will post to this URL: never to an internal service (unless tests allow). */
  const checkWebhook = async (url: string | null | undefined) => {
    if (url === undefined || url === null || deps.allowPrivateWebhooks) return;
    await assertPostableUrl('webhookUrl', url);
  };

  /** Ends every token of the bot (its sockets close on every node) and issues a new one. */
  const issueToken = async (botId: number) => {
    await stores.sessions.removeAll(botId);
    deps.events.sessionsEnded(botId);
    const token = newBotToken();
    await stores.sessions.create(sessionIdOf(token), botId, 'Bot token');
    return token;
  };

  const existing = async (id: string | undefined) => {
    const bot = await stores.bots.get(Number(id));
    if (bot === undefined) throw new HttpError(404, 'not_found', 'No such bot');
    return bot;
  };

  return [
    {
      method: 'POST',
      path: /^\/api\/admin\/bots$/,
      body: botCreateSchema,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        const { name, webhookUrl } = await readBody(req, botCreateSchema);
        await checkWebhook(webhookUrl);
        const signingSecret = newSigningSecret();
        const created = await stores.bots.create({
          name,
          key: nameKey(name),
          signingSecret,
          ...(webhookUrl === undefined ? {} : { webhookUrl }),
        });
        if (!created.ok) throw nameTaken(name);
        // Where every person starts: mentions there reach the bot from the first day.
        await stores.rooms.join(DEFAULT_ROOM, created.bot.id);
        const token = await issueToken(created.bot.id);
        sendJson(res, 201, { bot: botView(created.bot), token, signingSecret });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/admin\/bots$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 200, { bots: (await stores.bots.list()).map(botView) });
      },
    },
    {
      method: 'PATCH',
      path: /^\/api\/admin\/bots\/(\d{1,15})$/,
      body: botChangeSchema,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const bot = await existing(id);
        const { name, webhookUrl } = await readBody(req, botChangeSchema);
        await checkWebhook(webhookUrl);
        if (name !== undefined) {
          const renamed = await stores.accounts.rename(bot.id, name, nameKey(name));
          if (!renamed.ok) throw nameTaken(name);
          await deps.events.renamed(bot.id, name);
        }
        if (webhookUrl !== undefined) {
          await stores.bots.setWebhook(bot.id, webhookUrl ?? undefined);
        }
        sendJson(res, 200, { bot: botView(await existing(id)) });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/admin\/bots\/(\d{1,15})\/token$/,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const bot = await existing(id);
        if (bot.deactivated) throw new HttpError(404, 'not_found', 'That bot is deactivated');
        sendJson(res, 201, { token: await issueToken(bot.id) });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/admin\/bots\/(\d{1,15})$/,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const bot = await existing(id);
        // Deactivated like a person: its sessions (tokens) end, its messages stay.
        await stores.accounts.update(bot.id, { deactivated: true });
        deps.events.sessionsEnded(bot.id);
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
  ];
}
