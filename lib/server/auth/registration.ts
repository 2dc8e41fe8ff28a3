import type { IncomingMessage } from 'node:http';
import { registrationSchema, type Registration } from '../../protocol-accounts';
import { secretMatches } from '../http/secret-match';
import type { SettingsStore, AccountStore } from '../store/account-types';
import { newUrlToken } from './secrets';

const INVITE_KEY = 'invite_code';
const SETUP_KEY = 'setup_code';
const REGISTRATION_KEY = 'registration';

/** The invite code, made on first use: `PARLEY_JOIN_CODE` when set, else a random one. */
export function inviteCode(settings: SettingsStore, joinCode: string | undefined): Promise<string> {
  return settings.setIfAbsent(INVITE_KEY, joinCode ?? newUrlToken(12));
}

/** A new invite code: links with the old one stop working. */
export async function replaceInviteCode(settings: SettingsStore): Promise<string> {
  const code = newUrlToken(12);
  await settings.set(INVITE_KEY, code);
  return code;
}

/** The registration mode an admin chose, else the configured one (`PARLEY_REGISTRATION`). */
export async function registrationMode(
  settings: SettingsStore,
  configured: Registration = 'invite',
): Promise<Registration> {
  const parsed = registrationSchema.safeParse(await settings.get(REGISTRATION_KEY));
  return parsed.success ? parsed.data : configured;
}

export function setRegistrationMode(settings: SettingsStore, mode: Registration): Promise<void> {
  return settings.set(REGISTRATION_KEY, mode);
}

/**
 * While the server has no active admin, the code that makes the first account from another
 * machine: printed in the log at every start, so only whoever runs the server can claim it.
 * Undefined once there is an admin.
 */
export async function setupCode(stores: {
  settings: SettingsStore;
  accounts: AccountStore;
}): Promise<string | undefined> {
  if (await stores.accounts.hasActiveAdmin()) return undefined;
  return stores.settings.setIfAbsent(SETUP_KEY, newUrlToken(12));
}

/**
 * Whether the request came from this machine itself, not through a proxy: a proxy on the same
 * machine connects from loopback too, but says whom it forwards for.
 */
export function isLoopbackClient(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  const isLoopback = address === '::1' || /^(::ffff:)?127\./.test(address);
  return (
    isLoopback &&
    req.headers['x-forwarded-for'] === undefined &&
    req.headers.forwarded === undefined
  );
}

export type Admission = { ok: true } | { ok: false; message: string };

/**
 * Whether a new account may be made: on a server without an admin, from this machine or with
 * the setup code (or `PARLEY_JOIN_CODE`); after that, with the invite code unless registration
 * is open.
 */
export async function admitNewAccount(
  stores: { settings: SettingsStore; accounts: AccountStore },
  config: { joinCode: string | undefined; registration: Registration },
  req: IncomingMessage,
  invite: string | undefined,
): Promise<Admission> {
  const { joinCode } = config;
  const setup = await setupCode(stores);
  if (setup !== undefined) {
    if (isLoopbackClient(req) || secretMatches(setup, invite)) return { ok: true };
    if (joinCode !== undefined && secretMatches(joinCode, invite)) return { ok: true };
    return { ok: false, message: 'This server is not set up yet: use the setup link from its log' };
  }
  if ((await registrationMode(stores.settings, config.registration)) === 'open') {
    return { ok: true };
  }
  if (secretMatches(await inviteCode(stores.settings, joinCode), invite)) return { ok: true };
  return { ok: false, message: 'You need a current invite link to join this server' };
}
