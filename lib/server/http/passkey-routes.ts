import { MAX_PASSKEYS, passkeyRegisterSchema } from '../../protocol-accounts';
import {
  authenticationOptions,
  registrationOptions,
  relyingPartyOf,
  verifyRegistration,
} from '../auth/passkeys';
import { type AuthDeps, publicOrigin } from './auth-deps';
import { sendJson } from './respond';
import { HttpError, readBody, spend, type Route } from './route-kit';
import { requireSession } from './session-cookies';

/** `/api/passkeys` (register, remove) and `/api/session/passkey/options` (sign in). */
export function passkeyRoutes(deps: AuthDeps): Route[] {
  const { stores } = deps;
  return [
    {
      method: 'POST',
      path: /^\/api\/passkeys\/options$/,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const existing = await stores.passkeys.list(session.userId);
        if (existing.length >= MAX_PASSKEYS) {
          throw new HttpError(409, 'too_many', `An account holds at most ${MAX_PASSKEYS} passkeys`);
        }
        const rp = relyingPartyOf(publicOrigin(deps, req));
        const account = { id: session.userId, name: session.name };
        sendJson(res, 200, await registrationOptions(stores.tokens, rp, account, existing));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/passkeys$/,
      body: passkeyRegisterSchema,
      handle: async (req, res) => {
        const session = await requireSession(deps, req);
        const { credential, name } = await readBody(req, passkeyRegisterSchema);
        const rp = relyingPartyOf(publicOrigin(deps, req));
        const label = name === undefined || name === '' ? 'Passkey' : name;
        const passkey = await verifyRegistration(
          stores.tokens,
          rp,
          session.userId,
          credential,
          label,
        );
        if (passkey === undefined) {
          throw new HttpError(400, 'bad_credentials', 'That passkey could not be registered');
        }
        if ((await stores.passkeys.find(passkey.id)) !== undefined) {
          throw new HttpError(409, 'too_many', 'That passkey is registered already');
        }
        await stores.passkeys.add(passkey);
        sendJson(res, 201, { passkey: { id: passkey.id, name: passkey.name } });
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/passkeys\/([A-Za-z0-9_-]{1,1024})$/,
      handle: async (req, res, [id]) => {
        const session = await requireSession(deps, req);
        if (id === undefined || !(await stores.passkeys.remove(session.userId, id))) {
          throw new HttpError(404, 'not_found', 'No such passkey');
        }
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      },
    },
    {
      method: 'POST',
      path: /^\/api\/session\/passkey\/options$/,
      handle: async (req, res) => {
        // Each challenge is a row in storage: issuing them is budgeted like sign-ins.
        await spend(
          deps.addressLimiter,
          deps.clientAddress(req),
          'Too many sign-ins from this address, try again soon',
          deps.onRateLimited,
        );
        const rp = relyingPartyOf(publicOrigin(deps, req));
        sendJson(res, 200, await authenticationOptions(stores.tokens, rp));
      },
    },
  ];
}
