/**
 * The contract's web-push routes and the payload the service worker receives. A module of its
 * own: only the push settings (loaded on first use) and the worker read it, never first paint.
 */
import * as z from 'zod/mini';
import { roomNameSchema } from './protocol';

/** A push shows at most this many characters of the message. */
export const PUSH_BODY_LENGTH = 100;
/** Browsers' endpoints are a few hundred characters; anything longer is not one. */
export const MAX_PUSH_ENDPOINT_LENGTH = 2048;

const base64url = (bytes: number) =>
  z.string().check(
    z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'Expected base64url'),
    // Unpadded length of `bytes` bytes, give or take the padding a browser may add.
    z.minLength(Math.ceil((bytes * 4) / 3)),
    z.maxLength(Math.ceil(bytes / 3) * 4),
  );

/** `POST /api/push/subscriptions`: a browser's `PushSubscription.toJSON()`. */
export const pushSubscriptionSchema = z.object({
  endpoint: z.string().check(
    z.maxLength(MAX_PUSH_ENDPOINT_LENGTH),
    z.refine(
      (value) => {
        try {
          return new URL(value).protocol === 'https:';
        } catch {
          return false;
        }
      },
      { error: 'A push endpoint is an https: URL' },
    ),
  ),
  // `z.union` with `null`, not `z.nullable`: zod's code for a construct any browser module uses
  // is first-load JavaScript (see protocol-account-replies.ts).
  expirationTime: z.optional(z.union([z.number(), z.literal(null)])),
  keys: z.object({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64url(65),
    /** The shared authentication secret (16 bytes). */
    auth: base64url(16),
  }),
});
export type PushSubscriptionJson = z.input<typeof pushSubscriptionSchema>;

/** `GET /api/push/key`: the server's VAPID public key, for `pushManager.subscribe`. */
export const pushKeySchema = z.object({ publicKey: z.string() });

/** `GET /api/push/subscriptions`: whether this device receives pushes. */
export const pushStatusSchema = z.object({ subscribed: z.boolean() });

/** What a push carries, decrypted by the service worker. */
export const pushPayloadSchema = z.object({
  room: roomNameSchema,
  /** "Ada (direct message)" or "Ada in #general". */
  title: z.string(),
  /** The newest message's first `PUSH_BODY_LENGTH` characters. */
  body: z.string(),
  /** Messages this notification stands for (several folded into one). */
  count: z.number(),
  /** The newest message's id. */
  messageId: z.number(),
  /** Where a click goes: the room's page. */
  url: z.string(),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;

/** A push's title: who, and where. */
export function pushTitle(sender: string, room: string, isDm: boolean): string {
  return isDm ? `${sender} (direct message)` : `${sender} in #${room}`;
}

/** The first `PUSH_BODY_LENGTH` characters (code points, so no emoji is cut in half). */
export function pushBody(text: string, fileNames: readonly string[]): string {
  const shown = text.trim() === '' && fileNames.length > 0 ? `📎 ${fileNames.join(', ')}` : text;
  const characters = Array.from(shown);
  return characters.length <= PUSH_BODY_LENGTH
    ? shown
    : characters.slice(0, PUSH_BODY_LENGTH).join('');
}
