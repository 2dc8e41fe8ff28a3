import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every response carries, API and pages alike. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * The page's Content-Security-Policy: scripts only with this response's nonce (Next adds it to
 * its own script tags when it finds it in the request's CSP), sockets only to this origin,
 * never framed, no plugins, no `<base>` games. Development adds what hot reload needs.
 */
export function contentSecurityPolicy(nonce: string, host: string | undefined, isDev: boolean) {
  const sockets = host === undefined ? '' : ` ws://${host} wss://${host}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${isDev ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    // blob: for previews of files chosen but not sent yet (they never leave the browser).
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    // The service worker (/sw.js): 'strict-dynamic' would otherwise leave no source for it.
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Once a browser reached us over HTTPS, it should never again try plain HTTP for this host
 * (a year, renewed on every visit). Only on HTTPS responses: over plain HTTP the header is
 * meaningless, and on a test server it would pin `localhost`. No `includeSubDomains`: the
 * domain's other hosts are not Parley's to decide.
 */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

export function setCommonHeaders(res: ServerResponse, isHttps: boolean): void {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
  if (isHttps) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
}

/**
 * Gives a page request its CSP: on the response for the browser, and on the request for Next,
 * which reads the nonce from there and puts it on every script it renders.
 */
export function applyPagePolicy(req: IncomingMessage, res: ServerResponse, isDev: boolean): void {
  const nonce = randomBytes(16).toString('base64');
  const policy = contentSecurityPolicy(nonce, req.headers.host, isDev);
  req.headers['content-security-policy'] = policy;
  res.setHeader('Content-Security-Policy', policy);
}
