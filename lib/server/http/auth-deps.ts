import type { IncomingMessage } from 'node:http';
import type { Registration } from '../../protocol-accounts';
import type { RateLimiter } from '../rate-limiter';
import type { Stores } from '../store/types';

/** What the account routes tell the socket server, which acts on every node. */
export interface AccountEvents {
  /** A session ended: its sockets close now. */
  sessionEnded(sessionId: string): void;
  /** Every session of the account except `keep` ended (all of them when it is deactivated). */
  sessionsEnded(userId: number, keep?: string): void;
  /** The account has a new name: its sockets speak under it, and its rooms are told. */
  renamed(userId: number, name: string): Promise<void>;
}

/** Everything the account, session, passkey and admin routes share. */
export interface AuthDeps {
  stores: Stores;
  /** Sign-ins, new accounts and codes tried, per client address. */
  addressLimiter: RateLimiter;
  /** Password attempts per account name, from any address: bounds online guessing. */
  accountLimiter: RateLimiter;
  /** `PARLEY_JOIN_CODE`: also the setup code, and the first invite code. */
  joinCode: string | undefined;
  /** `PARLEY_REGISTRATION`: the registration mode until an admin sets one. */
  registration: Registration;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  clientAddress: (req: IncomingMessage) => string;
  /** Whether the browser came over HTTPS (directly or through a trusted proxy). */
  isHttps: (req: IncomingMessage) => boolean;
  /** Called when a limit refuses a request (for metrics). */
  onRateLimited: () => void;
  events: AccountEvents;
}

/** The origin the browser sees this server at, for links it will open and for WebAuthn. */
export function publicOrigin(deps: AuthDeps, req: IncomingMessage): string {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null' && deps.isAllowedOrigin(req)) return origin;
  return `${deps.isHttps(req) ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}
