/**
 * The contract's bot and integration routes: bots (accounts with a token), and what they and
 * scripts send. Server-side and tests only: the admin screen's replies are in
 * protocol-bot-replies.ts, which pulls none of these schemas into the page.
 */
import * as z from 'zod/mini';
import {
  messageEditSchema,
  messageSchema,
  messageSendSchema,
  nameSchema,
  roomKindSchema,
} from './protocol';

export const MAX_WEBHOOK_URL_LENGTH = 2048;
/** Every bot token starts so: secret scanners (and people) can tell what a leaked one is. */
export const BOT_TOKEN_PREFIX = 'parley_bot_';

/** An `http:` or `https:` URL the server will post a bot's events to. */
export const webhookUrlSchema = z.string().check(
  z.maxLength(MAX_WEBHOOK_URL_LENGTH),
  z.refine(
    (value) => {
      try {
        const { protocol, username, password } = new URL(value);
        return (protocol === 'https:' || protocol === 'http:') && username + password === '';
      } catch {
        return false;
      }
    },
    { error: 'A webhook is an http: or https: URL, without a user name or password' },
  ),
);

/** `POST /api/admin/bots`. */
export const botCreateSchema = z.strictObject({
  name: nameSchema,
  webhookUrl: z.optional(webhookUrlSchema),
});

/** `PATCH /api/admin/bots/:id`: a new name, a new webhook (null removes it), or both. */
export const botChangeSchema = z
  .strictObject({
    name: z.optional(nameSchema),
    webhookUrl: z.optional(z.union([webhookUrlSchema, z.literal(null)])),
  })
  .check(
    z.refine((change) => change.name !== undefined || change.webhookUrl !== undefined, {
      error: 'Name a change: name or webhookUrl',
    }),
  );

/**
 * `POST /api/rooms/:room/messages`: the fields a post may carry. Each is then checked by
 * `message:send`'s own schema (with the room from the path and the author from the token), so
 * the HTTP API and the socket share every rule and limit.
 */
export const roomPostFieldsSchema = z.strictObject({
  message: messageSendSchema.shape.message,
  clientId: messageSendSchema.shape.clientId,
  replyTo: messageSendSchema.shape.replyTo,
  attachments: messageSendSchema.shape.attachments,
});

/** `PATCH /api/messages/:id`: the new text, checked by `message:edit`'s own schema. */
export const editFieldsSchema = z.strictObject({ message: messageEditSchema.shape.message });

/** `GET /api/rooms/:room/messages?after=&before=&limit=`: at most one of after and before. */
export const roomReadQuerySchema = z
  .object({
    after: z.optional(z.coerce.number().check(z.int(), z.minimum(0))),
    before: z.optional(z.coerce.number().check(z.int(), z.minimum(1))),
    limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  })
  .check(
    z.refine((query) => query.after === undefined || query.before === undefined, {
      error: 'Ask for messages after an id or before one, not both',
    }),
  );

/** `POST /api/admin/hooks`: an incoming webhook posting to a channel under its own name. */
export const hookCreateSchema = z.strictObject({
  room: z.string().check(z.minLength(1), z.maxLength(64)),
  name: nameSchema,
});

/**
 * `POST /api/hooks/<secret>`: Parley's `{message}` or Slack's `{text}`; other fields (Slack's
 * `username`, `icon_emoji`…) are ignored. The text is then checked by `message:send`'s schema.
 */
export const hookPostSchema = z
  .object({
    message: z.optional(z.string()),
    text: z.optional(z.string()),
    clientId: z.optional(messageSendSchema.shape.clientId),
  })
  .check(
    z.refine((post) => post.message !== undefined || post.text !== undefined, {
      error: 'Send {message} or {text}',
    }),
  );

/**
 * What an outgoing webhook POSTs: the bot was mentioned (`mention`) or sent a DM (`dm`). The
 * same `deliveryId` comes with every try of one delivery: a receiver drops repeats by it.
 */
export const webhookEventSchema = z.object({
  event: z.enum(['mention', 'dm']),
  deliveryId: z.string(),
  message: messageSchema,
  room: z.object({ name: z.string(), kind: roomKindSchema }),
});
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/**
 * A bot's `2xx` answer to a delivery: `{message}` is posted in the room as the bot (checked by
 * `message:send`'s schema); any other answer, or none, posts nothing.
 */
export const webhookReplySchema = z.object({ message: z.string() });
