import { nameKey } from '../../protocol';
import {
  accountCreateSchema,
  isPasswordLikeName,
  LINK_CODE_TTL_MS,
  passwordChangeSchema,
  accountChangeSchema,
} from '../../protocol-accounts';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { admitNewAccount } from '../auth/registration';
import { hashSecret, newLinkCode, normalizeLinkCode } from '../auth/secrets';
import { type AuthDeps, publicOrigin } from './auth-deps';
import { sendJson } from './respond';
import { HttpError, readBody, spend, type Route } from './route-kit';
import { requireSession, startSession } from './session-cookies';
import { activeUntil } from './session-routes';

const nameTaken = (name: string) => new HttpError(409, 'name_taken', `“${name}” is already taken`);

function assertPasswordIsNotName(password: string, name: string) {
  if (isPasswordLikeName(password, name)) {
    throw new HttpError(400, 'invalid_password', 'Your password may not be your name');
  }
}

/** `/api/accounts` (join), `/api/account` (rename, password), `/api/link-codes`. */
export function accountRoutes(deps: AuthDeps): Route[] {
  const { stores } = deps;
  return [
    {
      method: 'POST',
      path: /^\/api\/accounts$/,
      body: accountCreateSchema,
      handle: async (req, res) => {
        await spend(
          deps.addressLimiter,
          deps.clientAddress(req),
          'Too many sign-ins from this address, try again soon',
          deps.onRateLimited,
        );
        const { name, password, invite } = await readBody(req, accountCreateSchema);
        assertPasswordIsNotName(password, name);
        const admission = await admitNewAccount(stores, deps, req, invite);
        if (!admission.ok) throw new HttpError(403, 'bad_invite', admission.message);
        // A taken name is found before the (slow) hash, and again by the insert itself.
        if ((await stores.accounts.findByKey(nameKey(name))) !== undefined) throw nameTaken(name);
        const created = await stores.accounts.create({
          name,
          key: nameKey(name),
          passwordHash: await hashPassword(password),
        });
        if (!created.ok) throw nameTaken(name);
        const { account } = created;
        await startSession(deps, req, res, account.id);
        sendJson(res, 201, { user: { id: account.id, name: account.name, role: account.role } });
      },
    },
    {
      method: 'PATCH',
      path: /^\/api\/account$/,
      body: accountChangeSchema,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const change = await readBody(req, accountChangeSchema);
        const { name = session.name, doNotDisturbUntil } = change;
        if (change.name !== undefined) {
          const renamed = await stores.accounts.rename(session.userId, name, nameKey(name));
          if (!renamed.ok) throw nameTaken(name);
          await deps.events.renamed(session.userId, name);
        }
        if (doNotDisturbUntil !== undefined) {
          const until = doNotDisturbUntil === null ? undefined : new Date(doNotDisturbUntil);
          await stores.push.setDoNotDisturb(session.userId, until);
        }
        const held = activeUntil(await stores.push.doNotDisturbUntil(session.userId));
        sendJson(res, 200, {
          user: { id: session.userId, name, role: session.role, doNotDisturbUntil: held },
        });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/account\/password$/,
      body: passwordChangeSchema,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const { current, password } = await readBody(req, passwordChangeSchema);
        const account = await stores.accounts.get(session.userId);
        if (account === undefined) throw new HttpError(401, 'unauthenticated', 'Not signed in');
        assertPasswordIsNotName(password, account.name);
        if (account.passwordHash !== undefined) {
          if (current === undefined) {
            throw new HttpError(400, 'invalid_payload', 'current: your current password is needed');
          }
          await spend(
            deps.accountLimiter,
            nameKey(account.name),
            'Too many failed attempts for this account, try again later',
            deps.onRateLimited,
          );
          if (!(await verifyPassword(account.passwordHash, current))) {
            throw new HttpError(403, 'bad_credentials', 'Your current password is not right');
          }
          await deps.accountLimiter.refund(nameKey(account.name));
        }
        await stores.accounts.setPassword(account.id, await hashPassword(password));
        // A changed password shuts out whoever knew the old one, everywhere but here.
        await stores.sessions.removeAll(account.id, session.sessionId);
        deps.events.sessionsEnded(account.id, session.sessionId);
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
    {
      method: 'POST',
      path: /^\/api\/link-codes$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const code = newLinkCode();
        const expiresAt = Date.now() + LINK_CODE_TTL_MS;
        await stores.tokens.issue(
          hashSecret(normalizeLinkCode(code)),
          'link',
          session.userId,
          expiresAt,
        );
        sendJson(res, 201, {
          code,
          // The code rides in the fragment, which browsers never send to a server or its logs.
          url: `${publicOrigin(deps, req)}/#link=${code}`,
          expiresAt: new Date(expiresAt).toISOString(),
        });
      },
    },
  ];
}
