import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../protocol';

/** A new unguessable session token, as sent to the browser in the cookie. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored id of a token: its SHA-256. The database never holds a usable token, so a copy
 * of it (a backup, say) cannot be replayed as a cookie.
 */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Reads the session token from a request's Cookie header, if well-formed. */
export function readSessionToken(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN_PATTERN.test(value) ? value : undefined;
  }
  return undefined;
}

const COOKIE_MAX_AGE_S = 30 * 24 * 60 * 60;

/** The Set-Cookie value that hands `token` to the browser (HttpOnly: page scripts never see it). */
export function sessionCookie(token: string, isSecure = false): string {
  const secure = isSecure ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${COOKIE_MAX_AGE_S}${secure}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
}
