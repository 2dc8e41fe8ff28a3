import type { IncomingMessage } from 'node:http';
import type * as z from 'zod/mini';
import { nameKey } from '../../protocol';
import { isPasswordLikeName, type signInSchema } from '../../protocol-accounts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/passwords';
import { relyingPartyOf, verifyAuthentication } from '../auth/passkeys';
import { hashSecret, normalizeLinkCode } from '../auth/secrets';
import type { AuthDeps } from './auth-deps';
import { publicOrigin } from './auth-deps';
import { HttpError, spend } from './route-kit';

type SignIn = z.output<typeof signInSchema>;

const badCredentials = () =>
  new HttpError(401, 'bad_credentials', 'That name and password do not match an account');
const badCode = () =>
  new HttpError(401, 'bad_code', 'That code is not valid (or was used already)');

/**
 * Checks one way of signing in and resolves with the account it proves. Every way first spends
 * from the client address's sign-in budget, so codes and passwords cannot be guessed quickly.
 */
export async function authenticate(
  deps: AuthDeps,
  req: IncomingMessage,
  body: SignIn,
): Promise<number> {
  await spend(
    deps.addressLimiter,
    deps.clientAddress(req),
    'Too many sign-ins from this address, try again soon',
    deps.onRateLimited,
  );
  if ('password' in body && 'name' in body) return withPassword(deps, body.name, body.password);
  if ('link' in body) return withLinkCode(deps, body.link);
  if ('recovery' in body) return withRecovery(deps, body.recovery, body.password);
  return withPasskey(deps, req, body.passkey);
}

async function activeAccount(deps: AuthDeps, userId: number | undefined, onMissing: HttpError) {
  const account = userId === undefined ? undefined : await deps.stores.accounts.get(userId);
  if (account === undefined) throw onMissing;
  if (account.deactivated) throw new HttpError(403, 'deactivated', 'This account is deactivated');
  return account;
}

async function withPassword(deps: AuthDeps, name: string, password: string): Promise<number> {
  const key = nameKey(name.trim());
  // Counted per name, whether or not an account has it: the limit says nothing about who exists.
  await spend(
    deps.accountLimiter,
    key,
    'Too many failed sign-ins for this account, try again later',
    deps.onRateLimited,
  );
  const account = await deps.stores.accounts.findByKey(key);
  const isRight = await verifyPassword(account?.passwordHash, password);
  if (!isRight || account === undefined) throw badCredentials();
  // Only failures count against the account.
  await deps.accountLimiter.refund(key);
  const active = await activeAccount(deps, account.id, badCredentials());
  if (account.passwordHash !== undefined && needsRehash(account.passwordHash)) {
    await deps.stores.accounts.setPassword(active.id, await hashPassword(password));
  }
  return active.id;
}

async function withLinkCode(deps: AuthDeps, code: string): Promise<number> {
  const found = await deps.stores.tokens.consume(hashSecret(normalizeLinkCode(code)), 'link');
  return (await activeAccount(deps, found?.userId, badCode())).id;
}

async function withRecovery(deps: AuthDeps, token: string, password: string): Promise<number> {
  const hash = hashSecret(token);
  const found = await deps.stores.tokens.consume(hash, 'recovery');
  const account = await activeAccount(deps, found?.userId, badCode());
  if (found !== undefined && isPasswordLikeName(password, account.name)) {
    // A password the rules refuse must not cost the person their only way back in.
    await deps.stores.tokens.issue(hash, 'recovery', account.id, found.expiresAt);
    throw new HttpError(400, 'invalid_password', 'Your password may not be your name');
  }
  await deps.stores.accounts.setPassword(account.id, await hashPassword(password));
  // Whoever holds the lost devices or the old password is out.
  await deps.stores.sessions.removeAll(account.id);
  deps.events.sessionsEnded(account.id);
  return account.id;
}

async function withPasskey(
  deps: AuthDeps,
  req: IncomingMessage,
  response: Extract<SignIn, { passkey: unknown }>['passkey'],
): Promise<number> {
  const failed = new HttpError(401, 'bad_credentials', 'That passkey could not sign you in');
  const passkey = await deps.stores.passkeys.find(response.id);
  if (passkey === undefined) throw failed;
  const rp = relyingPartyOf(publicOrigin(deps, req));
  const counter = await verifyAuthentication(deps.stores.tokens, rp, passkey, response);
  if (counter === undefined) throw failed;
  await deps.stores.passkeys.markUsed(passkey.id, counter);
  return (await activeAccount(deps, passkey.userId, failed)).id;
}
