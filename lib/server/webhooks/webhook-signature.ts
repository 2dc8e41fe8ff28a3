import { createHmac } from 'node:crypto';

/**
 * `X-Parley-Signature: t=<unix seconds>,v1=<hex>`: HMAC-SHA256 over `<t>.<raw body>`, keyed with
 * the UTF-8 bytes of the bot's signing secret (Stripe's scheme). The time is signed with the
 * body, so a receiver that refuses old times cannot be replayed a captured request later.
 */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
