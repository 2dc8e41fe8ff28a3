import { webPushLibrary } from './web-push-library';
import type { VapidKeys } from './vapid-keys';

/** A VAPID JWT is good for this long (RFC 8292 allows at most 24 hours)... */
const JWT_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** ...and is replaced this long before it runs out, so none is sent nearly expired. */
const RENEW_BEFORE_MS = 60 * 60 * 1000;
/** Push service origins remembered at once: browsers use a handful; endpoints are untrusted. */
const MAX_ORIGINS = 64;

/**
 * The `Authorization: vapid t=<JWT>, k=<key>` header for a push service, signed once per origin
 * and reused while it is valid: the JWT names only the origin, the contact and an expiry, never
 * the push, and signing it (ES256, with the key parsed from PEM each time by `web-push`) was the
 * largest cost of a push.
 */
export function createVapidAuth(
  contact: string,
  keys: () => Promise<VapidKeys>,
  now: () => number = Date.now,
) {
  const signed = new Map<string, { header: string; renewAt: number }>();
  return async (endpoint: URL): Promise<string> => {
    const { publicKey, privateKey } = await keys();
    const audience = endpoint.origin;
    const cacheKey = `${audience} ${publicKey}`;
    const at = now();
    const kept = signed.get(cacheKey);
    if (kept !== undefined && kept.renewAt > at) return kept.header;
    const { Authorization } = (await webPushLibrary()).getVapidHeaders(
      audience,
      contact,
      publicKey,
      privateKey,
      'aes128gcm',
      Math.floor((at + JWT_LIFETIME_MS) / 1000),
    );
    signed.delete(cacheKey);
    if (signed.size >= MAX_ORIGINS) {
      const oldest = signed.keys().next();
      if (oldest.done !== true) signed.delete(oldest.value);
    }
    signed.set(cacheKey, {
      header: Authorization,
      renewAt: at + JWT_LIFETIME_MS - RENEW_BEFORE_MS,
    });
    return Authorization;
  };
}
