import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BOT_TOKEN_PREFIX } from '../../protocol-bots';
import { newSessionToken } from '../session-token';

const BEARER = new RegExp(`^Bearer (${BOT_TOKEN_PREFIX}[A-Za-z0-9_-]{43})$`);
const TOKEN = new RegExp(`^${BOT_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

/**
 * A new bot token. It is a session token with a prefix: stored, like a cookie's, only as its
 * hash (`sessionIdOf`), so a token is a session that says who the bot is.
 */
export function newBotToken(): string {
  return `${BOT_TOKEN_PREFIX}${newSessionToken()}`;
}

/** The secret a bot's outgoing webhooks are signed with (HMAC-SHA256 key, its UTF-8 bytes). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** A well-formed bot token from `Authorization: Bearer …`, if the request has one. */
export function readBearerToken(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  return BEARER.exec(req.headers.authorization ?? '')?.[1];
}

/** A well-formed bot token from a Socket.IO handshake's `auth: {token}`. */
export function handshakeToken(auth: unknown): string | undefined {
  if (typeof auth !== 'object' || auth === null || !('token' in auth)) return undefined;
  const { token } = auth;
  return typeof token === 'string' && TOKEN.test(token) ? token : undefined;
}
