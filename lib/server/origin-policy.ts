import type { IncomingMessage } from 'node:http';

/**
 * Decides whether a request's Origin may act on this server. Browsers always send Origin on
 * WebSocket handshakes and cross-site POSTs, so checking it stops cross-site WebSocket hijacking
 * and login CSRF. A request without Origin is not from a web page (a bot, curl): it is allowed,
 * since it still needs a session cookie it cannot steal from a browser.
 */
export function createOriginPolicy(allowedOrigins: string[] | undefined) {
  return function isAllowedOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowedOrigins !== undefined) return allowedOrigins.includes(origin);
    // By default only the server's own origin: the one the Host header names.
    const host = req.headers.host;
    if (host === undefined) return false;
    return origin === `http://${host}` || origin === `https://${host}`;
  };
}
