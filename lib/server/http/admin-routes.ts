import { adminUserChangeSchema, settingsChangeSchema } from '../../protocol-accounts';
import {
  inviteCode,
  registrationMode,
  replaceInviteCode,
  setRegistrationMode,
} from '../auth/registration';
import { issueRecoveryLink } from '../auth/recovery';
import { channelCreationMode, setChannelCreationMode } from '../channel-creation';
import type { Account } from '../store/account-types';
import { type AuthDeps, publicOrigin } from './auth-deps';
import { sendJson } from './respond';
import { HttpError, readBody, type Route } from './route-kit';
import { requireAdmin } from './session-cookies';

const adminView = (account: Account) => ({
  id: account.id,
  name: account.name,
  role: account.role,
  deactivated: account.deactivated,
  createdAt: account.createdAt,
  ...(account.lastSeenAt === undefined ? {} : { lastSeenAt: account.lastSeenAt }),
});

/**
 * `/api/admin/*`: people, recovery links, the invite link, and the settings (registration mode,
 * who may create channels).
 */
export function adminRoutes(deps: AuthDeps): Route[] {
  const { stores } = deps;
  const inviteBody = async (req: Parameters<typeof publicOrigin>[1], code?: string) => {
    const current = code ?? (await inviteCode(stores.settings, deps.joinCode));
    return { code: current, url: `${publicOrigin(deps, req)}/join/${current}` };
  };
  const currentSettings = async () => ({
    registration: await registrationMode(stores.settings, deps.registration),
    channelCreation: await channelCreationMode(stores.settings),
  });
  return [
    {
      method: 'GET',
      path: /^\/api\/admin\/users$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 200, { users: (await stores.accounts.list()).map(adminView) });
      },
    },
    {
      method: 'PATCH',
      path: /^\/api\/admin\/users\/(\d{1,15})$/,
      body: adminUserChangeSchema,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const change = await readBody(req, adminUserChangeSchema);
        const result = await stores.accounts.update(Number(id), change);
        if (!result.ok && result.reason === 'not_found') {
          throw new HttpError(404, 'not_found', 'No such account');
        }
        if (!result.ok) {
          throw new HttpError(409, 'last_admin', 'The server needs at least one active admin');
        }
        if (change.deactivated === true) deps.events.sessionsEnded(result.account.id);
        sendJson(res, 200, { user: adminView(result.account) });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/admin\/users\/(\d{1,15})\/recovery$/,
      handle: async (req, res, [id]) => {
        await requireAdmin(deps, req);
        const account = await stores.accounts.get(Number(id));
        if (account === undefined) throw new HttpError(404, 'not_found', 'No such account');
        sendJson(res, 201, await issueRecoveryLink(stores, account.id, publicOrigin(deps, req)));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/admin\/invite$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 200, await inviteBody(req));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/admin\/invite$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 201, await inviteBody(req, await replaceInviteCode(stores.settings)));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/admin\/settings$/,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        sendJson(res, 200, await currentSettings());
      },
    },
    {
      method: 'PATCH',
      path: /^\/api\/admin\/settings$/,
      body: settingsChangeSchema,
      handle: async (req, res) => {
        await requireAdmin(deps, req);
        const { registration, channelCreation } = await readBody(req, settingsChangeSchema);
        if (registration !== undefined) await setRegistrationMode(stores.settings, registration);
        if (channelCreation !== undefined) {
          await setChannelCreationMode(stores.settings, channelCreation);
        }
        sendJson(res, 200, await currentSettings());
      },
    },
  ];
}
