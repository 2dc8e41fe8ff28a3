/**
 * Parley's wire contract: the one module that server and browser share.
 * Imports nothing but zod so it can be bundled for the browser and loaded by Node alike.
 * Every payload that crosses the wire in either direction has a schema here.
 *
 * It uses `zod/mini`, zod's tree-shakable form: the same validation, a third of classic zod's
 * weight in the page's first-load JavaScript.
 */
import * as z from 'zod/mini';

export const PROTOCOL_VERSION = 1;

export const MAX_NAME_LENGTH = 32;
export const MAX_ROOM_LENGTH = 32;
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_TOPIC_LENGTH = 250;
export const MIN_CLIENT_ID_LENGTH = 8;
export const MAX_CLIENT_ID_LENGTH = 64;
/** Messages returned by `room:join` without `after`. */
export const JOIN_PAGE_SIZE = 50;
/** Most messages returned by one catch-up (`room:join` with `after`). */
export const CATCH_UP_LIMIT = 500;
/** Most changed messages one catch-up returns; beyond it the answer says `truncated`. */
export const CHANGES_LIMIT = 1_000;
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 100;
/** A Socket.IO packet larger than this closes the connection that sent it. */
export const MAX_PACKET_BYTES = 64 * 1024;
export const DEFAULT_ROOM = 'general';
/** Direct-message rooms are named `dm-…` by the server; channels may not take such a name. */
export const DM_PREFIX = 'dm-';
/** A group DM holds its opener and at most this many others. */
export const MAX_DM_OTHERS = 8;
/** A client that types keeps saying so at this pace; the server forwards at most this often. */
export const TYPING_REFRESH_MS = 3_000;
/** Without a new signal for this long, "is typing" is over (a lost `typing: false`). */
export const TYPING_EXPIRY_MS = 6_000;
export const SESSION_COOKIE = 'parley_session';

// The contract counts code points (not UTF-16 units, not graphemes): spreading walks exactly those.
// eslint-disable-next-line @typescript-eslint/no-misused-spread
const codePointLength = (value: string): number => [...value].length;

// Control characters other than tab (\u0009) and newline (\u000A) never belong in chat text:
// they corrupt terminals, logs and layouts.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
// Letters of any script (with their combining marks), digits, space and . _ - '
const NAME_PATTERN = /^[\p{L}\p{M}\p{Nd} ._'-]+$/u;
const ROOM_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

// Schemas the page does not parse are built through `serverSide`, marked pure at each call: zod
// marks its builders free of side effects, but the mark does not reach across the page bundle's
// module boundary, so each of these top-level calls would stay in the page's JavaScript unused.
const serverSide = <T>(build: () => T): T => build();

export const nameSchema = /* @__PURE__ */ serverSide(() =>
  z.string().check(
    z.normalize('NFC'),
    z.trim(),
    z.minLength(1, 'Name is empty'),
    z.refine((value) => codePointLength(value) <= MAX_NAME_LENGTH, {
      error: `Name is longer than ${MAX_NAME_LENGTH} characters`,
    }),
    z.regex(NAME_PATTERN, "Name may only use letters, digits, spaces and . _ - '"),
  ),
);

export const roomNameSchema = z
  .string()
  .check(
    z.minLength(1, 'Room name is empty'),
    z.maxLength(MAX_ROOM_LENGTH, `Room names are at most ${MAX_ROOM_LENGTH} characters`),
    z.regex(ROOM_PATTERN, 'Room names use a-z, 0-9, _ and -, starting with a letter or digit'),
  );

/** Text as a message may carry it: empty only beside attachments (see `messageSendSchema`). */
const messageBodySchema = z.string().check(
  z.trim(),
  z.refine((value) => codePointLength(value) <= MAX_MESSAGE_LENGTH, {
    error: `Message is longer than ${MAX_MESSAGE_LENGTH} characters`,
  }),
  z.refine((value) => !FORBIDDEN_CONTROL.test(value), {
    error: 'Message contains control characters',
  }),
);
export const messageTextSchema = messageBodySchema.check(z.minLength(1, 'Message is empty'));

/** A room's topic: one line of plain text; empty clears it. */
export const topicSchema = z.string().check(
  z.normalize('NFC'),
  z.trim(),
  z.refine((value) => codePointLength(value) <= MAX_TOPIC_LENGTH, {
    error: `Topics are at most ${MAX_TOPIC_LENGTH} characters`,
  }),
  z.refine((value) => !/[\n\t]/.test(value) && !FORBIDDEN_CONTROL.test(value), {
    error: 'A topic is one line without control characters',
  }),
);

export const clientIdSchema = /* @__PURE__ */ serverSide(() =>
  z
    .string()
    .check(
      z.minLength(
        MIN_CLIENT_ID_LENGTH,
        `clientId is shorter than ${MIN_CLIENT_ID_LENGTH} characters`,
      ),
      z.maxLength(
        MAX_CLIENT_ID_LENGTH,
        `clientId is longer than ${MAX_CLIENT_ID_LENGTH} characters`,
      ),
      z.regex(CLIENT_ID_PATTERN, 'clientId uses A-Z, a-z, 0-9, _ and -'),
    ),
);

// A whole number JSON can carry exactly. Said with a refinement rather than z.int(), which would
// bring zod's number-format parser (0.4 kB gzipped) into the page for the same check.
export const wholeNumber = () =>
  z.number().check(z.refine(Number.isSafeInteger, { error: 'Expected a whole number' }));
const messageIdSchema = wholeNumber().check(z.positive());
/** A count, a read position or a cursor: a whole number from 0 up. */
const countSchema = wholeNumber().check(z.nonnegative());
/** Characters of a parent message a reply quotes. */
export const QUOTE_LENGTH = 200;
export const MAX_SEARCH_LENGTH = 200;
export const SEARCH_PAGE_SIZE = 20;
/** Distinct emoji one message can carry. */
export const MAX_REACTIONS_PER_MESSAGE = 20;

// One emoji: pictographs with their joiners, variation selectors and skin tones, or a flag.
const EMOJI_PATTERN =
  /^(?:\p{Regional_Indicator}{2}|(?:\p{Extended_Pictographic}|[#*0-9]\uFE0F?\u20E3)(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*)$/u;
export const emojiSchema = /* @__PURE__ */ serverSide(() =>
  z
    .string()
    .check(z.maxLength(32, 'Not an emoji'), z.regex(EMOJI_PATTERN, 'A reaction is one emoji')),
);

/** Key under which a display name is unique: names differ only if they differ beyond case. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('und');
}

/** Counts code points, the unit of every length limit above. */
export function textLength(value: string): number {
  return codePointLength(value);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds `@name` mentions: case-insensitive, after a non-word character or the start, and not
 * followed by more of a name (`@al` does not mention Alice; `@alice,` does). Group 2 is the
 * mention itself. Server counts and browser highlights agree because both use this.
 */
export function mentionPattern(name: string): RegExp {
  return new RegExp(
    `(^|[^\\p{L}\\p{N}_])(@${escapeRegExp(name.normalize('NFC'))})(?![\\p{L}\\p{M}\\p{N}_-])`,
    'giu',
  );
}

/** Whether `text` mentions `name` (see `mentionPattern`). */
export function mentionsName(text: string, name: string): boolean {
  if (!text.includes('@')) return false;
  return mentionPattern(name).test(text.normalize('NFC'));
}

// ---------------------------------------------------------------- domain types

/** A reply's quote of its parent, read fresh from the parent (so it shows edits and deletes). */
export const replyQuoteSchema = z.object({
  id: messageIdSchema,
  user: z.string(),
  /** The parent's text, cut to `QUOTE_LENGTH` characters; empty when deleted. */
  message: z.string(),
  deleted: z.boolean(),
});
export type ReplyQuote = z.infer<typeof replyQuoteSchema>;

export const reactionSchema = z.object({
  emoji: z.string(),
  /** Who reacted, in the order they did; never empty. */
  users: z.array(z.string()),
});
export type Reaction = z.infer<typeof reactionSchema>;

// A UTC time as Date#toISOString writes it (both stores do). A pattern and Date.parse check the
// same as zod's z.iso.datetime() would for these, without its date-time builder in the page.
const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
export const timestampSchema = z.string().check(
  z.regex(ISO_UTC_PATTERN, 'Not an ISO 8601 UTC time'),
  z.refine((value) => !Number.isNaN(Date.parse(value)), { error: 'Not a real time' }),
);

/** Files one message can carry. */
export const MAX_ATTACHMENTS = 10;
/** An upload's id: 128 random bits, base64url. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A file sent with a message; images carry their size (after orientation) and a thumbnail. */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: countSchema,
  /** The type sniffed from the bytes by the server (`application/octet-stream` if unknown). */
  type: z.string(),
  url: z.string(),
  thumbnailUrl: z.optional(z.string()),
  width: z.optional(countSchema),
  height: z.optional(countSchema),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageSchema = z.object({
  id: messageIdSchema,
  room: roomNameSchema,
  user: z.string(),
  /** The author's account; absent only on messages stored before accounts existed. */
  userId: z.optional(wholeNumber()),
  message: z.string(),
  clientId: z.string(),
  createdAt: timestampSchema,
  editedAt: z.optional(timestampSchema),
  replyTo: z.optional(replyQuoteSchema),
  reactions: z.array(reactionSchema),
  /** In the order they were sent; empty for a message without files. */
  attachments: z.array(attachmentSchema),
  /** Written by a bot or an incoming hook, not a person (only ever `true`): shown with a mark. */
  bot: z.optional(z.boolean()),
});
export type Message = z.output<typeof messageSchema>;

export const userSchema = z.object({ id: wholeNumber(), name: z.string() });
export type User = z.infer<typeof userSchema>;

export const roomKindSchema = z.enum(['channel', 'dm']);
export type RoomKind = z.infer<typeof roomKindSchema>;

/** A room as `room:create`, `room:created` and `dm:open` describe it. */
export const roomSchema = z.object({
  name: roomNameSchema,
  kind: roomKindSchema,
  /** Every member of a DM (names, sorted), the caller included; absent for channels. */
  members: z.optional(z.array(z.string())),
  /** A private channel: listed, readable and joinable only by its members. Absent: public. */
  private: z.optional(z.boolean()),
  /** Archived: read-only for everyone, listed apart. Absent: not archived. */
  archived: z.optional(z.boolean()),
});
export type Room = z.infer<typeof roomSchema>;

/** How loudly a room counts and notifies, per person: `mentions` counts only mentions. */
export const notifyLevelSchema = z.enum(['all', 'mentions', 'none']);
export type NotifyLevel = z.infer<typeof notifyLevelSchema>;

/** A room in the user's sidebar (`room:list`), with read state from the server's ids. */
export const roomSummarySchema = z.object({
  ...roomSchema.shape,
  /** Whether the user has joined the channel (DMs: always); only joined rooms count unread. */
  joined: z.boolean(),
  /** Others' messages after `lastReadId`. */
  unread: countSchema,
  /** Of those, the ones that mention the user as `@name`. */
  mentions: countSchema,
  lastReadId: countSchema,
  /** The room's newest message id (0 when empty): later broadcasts are not in `unread` yet. */
  lastId: countSchema,
  /** What the room is about; empty when nobody set one. */
  topic: z.string(),
  /** The user's level for this room (`all` unless they chose). With `mentions`, `unread`
   * equals `mentions`; with `none`, both are 0. */
  notify: notifyLevelSchema,
});
export type RoomSummary = z.infer<typeof roomSummarySchema>;

export const messageDeletedSchema = z.object({ room: roomNameSchema, id: messageIdSchema });
export type MessageDeleted = z.infer<typeof messageDeletedSchema>;

export const presenceSchema = z.object({
  room: roomNameSchema,
  /** Who is online, sorted, each once; at most the first 100 names of a bigger crowd. */
  users: z.array(z.string()),
  /** How many people are online in all. */
  count: countSchema,
});
export type Presence = z.infer<typeof presenceSchema>;

export const typingEventSchema = z.object({
  room: roomNameSchema,
  user: z.string(),
  typing: z.boolean(),
});
export type TypingEvent = z.infer<typeof typingEventSchema>;

export const readMarkerSchema = z.object({
  room: roomNameSchema,
  id: countSchema,
});
export type ReadMarker = z.infer<typeof readMarkerSchema>;

/** A room's topic as `room:topic` sets it. */
export const roomTopicSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema, topic: topicSchema }),
);
export type RoomTopic = z.infer<typeof roomTopicSchema>;

/** What changed about a room (`room:updated`): its topic, or whether it is archived. */
export const roomUpdatedSchema = z.object({
  room: roomNameSchema,
  topic: z.optional(z.string()),
  archived: z.optional(z.boolean()),
});
export type RoomUpdated = z.infer<typeof roomUpdatedSchema>;

/** The user was added to (`joined: true`) or removed from a room (`room:membership`). */
export const roomMembershipSchema = z.object({ room: roomNameSchema, joined: z.boolean() });
export type RoomMembership = z.infer<typeof roomMembershipSchema>;

/** The user's notification level of a room changed (`room:notify`, from any of their sockets). */
export type RoomNotify = { room: string; level: NotifyLevel };

/** An account's new name (`user:updated`): every message and DM shows it from now on. */
export const userUpdatedSchema = z.object({ id: wholeNumber(), name: z.string() });
export type UserUpdated = z.infer<typeof userUpdatedSchema>;

// ---------------------------------------------------------------- acks and errors

export const ERROR_CODES = [
  'invalid_payload',
  'forbidden',
  'not_found',
  'rate_limited',
  'conflict',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const ackErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  retryAfterMs: z.optional(countSchema),
});
export type AckError = z.infer<typeof ackErrorSchema>;

export type AckFailure = { ok: false; error: AckError };
export type AckSuccess<T extends object> = { ok: true } & T;
/** What every acknowledged client event answers: success with data, or a coded error. */
export type Ack<T extends object = Record<string, never>> = AckSuccess<T> | AckFailure;

/** Builds the zod schema of an ack whose success carries `shape`. */
export function ackSchema<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.union([
    z.object({ ok: z.literal(true), ...shape }),
    z.object({ ok: z.literal(false), error: ackErrorSchema }),
  ]);
}

// The events a client emits, one section each: its payload, its result and its entry in
// ClientToServerEvents together (the interface is declared once per event; TypeScript merges
// the declarations). Each state-changing event takes `(payload, ack)`.

// ---------------------------------------------------------------- room:join

export const roomJoinSchema = /* @__PURE__ */ serverSide(() =>
  z.object({
    room: roomNameSchema,
    after: z.optional(countSchema),
    /** With `after`: also return what changed (edits, deletes, reactions) after this `seq`. */
    since: z.optional(countSchema),
  }),
);
export type RoomJoinPayload = z.input<typeof roomJoinSchema>;
/** What changed among messages a client already holds (`id <= after`) since its `seq`. */
export const changesSchema = z.object({
  updated: z.array(messageSchema),
  deleted: z.array(messageIdSchema),
  /** More changed than one answer carries: drop the room's messages and join afresh. */
  truncated: z.boolean(),
});
export type Changes = z.infer<typeof changesSchema>;
export const roomJoinResultSchema = ackSchema({
  room: z.object({ name: roomNameSchema }),
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
  /** The change position of this answer: pass it as `since` on the next catch-up. */
  seq: countSchema,
  changes: z.optional(changesSchema),
});
export type RoomJoinResult = z.infer<typeof roomJoinResultSchema>;

export interface ClientToServerEvents {
  'room:join': (payload: RoomJoinPayload, ack: (result: RoomJoinResult) => void) => void;
}

// ---------------------------------------------------------------- room:history

export const roomHistorySchema = /* @__PURE__ */ serverSide(() =>
  z.object({
    room: roomNameSchema,
    before: messageIdSchema,
    limit: z.optional(wholeNumber().check(z.minimum(1), z.maximum(HISTORY_MAX_LIMIT))),
  }),
);
export type RoomHistoryPayload = z.input<typeof roomHistorySchema>;
export const roomHistoryResultSchema = ackSchema({
  messages: z.array(messageSchema),
  hasMore: z.boolean(),
});
export type RoomHistoryResult = z.infer<typeof roomHistoryResultSchema>;

export interface ClientToServerEvents {
  'room:history': (payload: RoomHistoryPayload, ack: (result: RoomHistoryResult) => void) => void;
}

// ---------------------------------------------------------------- room:leave

export const roomLeaveSchema = /* @__PURE__ */ serverSide(() => z.object({ room: roomNameSchema }));
export type RoomLeavePayload = z.input<typeof roomLeaveSchema>;
export const roomLeaveResultSchema = /* @__PURE__ */ serverSide(() => ackSchema({}));
export type RoomLeaveResult = z.infer<typeof roomLeaveResultSchema>;

export interface ClientToServerEvents {
  'room:leave': (payload: RoomLeavePayload, ack: (result: RoomLeaveResult) => void) => void;
}

// ---------------------------------------------------------------- room:list

export const roomListSchema = /* @__PURE__ */ serverSide(() => z.object({}));
export type RoomListPayload = z.input<typeof roomListSchema>;
export const roomListResultSchema = ackSchema({ rooms: z.array(roomSummarySchema) });
export type RoomListResult = z.infer<typeof roomListResultSchema>;

export interface ClientToServerEvents {
  'room:list': (payload: RoomListPayload, ack: (result: RoomListResult) => void) => void;
}

// ---------------------------------------------------------------- room:create (its schemas are in protocol-occasional.ts)

/** Checked by `roomCreateSchema` (protocol-occasional.ts). */
export type RoomCreatePayload = { room: string; private?: boolean; topic?: string };
export type RoomCreateResult = Ack<{ room: Room }>;

export interface ClientToServerEvents {
  'room:create': (payload: RoomCreatePayload, ack: (result: RoomCreateResult) => void) => void;
}

// ---------------------------------------------------------------- dm:open

/** The DM of the caller and one other person (`user`), or of a set of 1 to 8 others. */
export const dmOpenSchema = /* @__PURE__ */ serverSide(() =>
  z.union([
    z.object({ user: nameSchema }),
    z.object({
      users: z
        .array(nameSchema)
        .check(
          z.minLength(1, 'Name at least one person'),
          z.maxLength(MAX_DM_OTHERS, `A group DM holds at most ${MAX_DM_OTHERS} others`),
        ),
    }),
  ]),
);
export type DmOpenPayload = z.input<typeof dmOpenSchema>;
export type DmOpenResult = Ack<{ room: Room }>;

export interface ClientToServerEvents {
  'dm:open': (payload: DmOpenPayload, ack: (result: DmOpenResult) => void) => void;
}

// ---------------------------------------------------------------- room:read

export const roomReadSchema = readMarkerSchema;
export type RoomReadPayload = z.input<typeof roomReadSchema>;
export const roomReadResultSchema = /* @__PURE__ */ serverSide(() => ackSchema({}));
export type RoomReadResult = z.infer<typeof roomReadResultSchema>;

export interface ClientToServerEvents {
  'room:read': (payload: RoomReadPayload, ack: (result: RoomReadResult) => void) => void;
}

// ---------------------------------------------------------------- room:topic

export const roomTopicSetSchema = roomTopicSchema;
export type RoomTopicPayload = z.input<typeof roomTopicSetSchema>;
export type RoomTopicResult = Ack<{ topic: string }>;

export interface ClientToServerEvents {
  'room:topic': (payload: RoomTopicPayload, ack: (result: RoomTopicResult) => void) => void;
}

// ---------------------------------------------------------------- member:add, member:remove, member:list

export const memberChangeSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema, user: nameSchema }),
);
export type MemberChangePayload = z.input<typeof memberChangeSchema>;
export type MemberChangeResult = Ack<object>;
export const memberListSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema }),
);
export type MemberListPayload = z.input<typeof memberListSchema>;
/** `owner`: made the channel; `admin`: administers the server; both may remove others. */
export type MemberRole = 'owner' | 'admin' | 'member';
export type Member = { name: string; role: MemberRole };
export type MemberListResult = Ack<{ members: Member[] }>;

export interface ClientToServerEvents {
  'member:add': (payload: MemberChangePayload, ack: (result: MemberChangeResult) => void) => void;
  'member:remove': (
    payload: MemberChangePayload,
    ack: (result: MemberChangeResult) => void,
  ) => void;
  'member:list': (payload: MemberListPayload, ack: (result: MemberListResult) => void) => void;
}

// ---------------------------------------------------------------- room:notify, room:archive

export const roomNotifySetSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema, level: notifyLevelSchema }),
);
export type RoomNotifyPayload = z.input<typeof roomNotifySetSchema>;
export type RoomNotifyResult = Ack<object>;
export const roomArchiveSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema, archived: z.boolean() }),
);
export type RoomArchivePayload = z.input<typeof roomArchiveSchema>;
export type RoomArchiveResult = Ack<object>;

export interface ClientToServerEvents {
  'room:notify': (payload: RoomNotifyPayload, ack: (result: RoomNotifyResult) => void) => void;
  'room:archive': (payload: RoomArchivePayload, ack: (result: RoomArchiveResult) => void) => void;
}

// ---------------------------------------------------------------- message:send

export const messageSendSchema = /* @__PURE__ */ serverSide(() =>
  z
    .object({
      room: roomNameSchema,
      user: nameSchema,
      message: messageBodySchema,
      clientId: clientIdSchema,
      replyTo: z.optional(messageIdSchema),
      attachments: z.optional(
        z.array(z.string().check(z.regex(UPLOAD_ID_PATTERN, 'Not an upload id'))).check(
          z.maxLength(MAX_ATTACHMENTS, `A message carries at most ${MAX_ATTACHMENTS} files`),
          z.refine((ids) => new Set(ids).size === ids.length, {
            error: 'An upload is attached once',
          }),
        ),
      ),
    })
    .check(
      z.refine((send) => send.message !== '' || (send.attachments?.length ?? 0) > 0, {
        error: 'Message is empty',
        path: ['message'],
      }),
    ),
);
export type MessageSendPayload = z.input<typeof messageSendSchema>;
export const messageSendResultSchema = ackSchema({ message: messageSchema });
export type MessageSendResult = z.infer<typeof messageSendResultSchema>;

export interface ClientToServerEvents {
  'message:send': (payload: MessageSendPayload, ack: (result: MessageSendResult) => void) => void;
}

// ---------------------------------------------------------------- message:edit

export const messageEditSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ id: messageIdSchema, message: messageTextSchema }),
);
export type MessageEditPayload = z.input<typeof messageEditSchema>;
export type MessageEditResult = Ack<{ message: Message }>;

export interface ClientToServerEvents {
  'message:edit': (payload: MessageEditPayload, ack: (result: MessageEditResult) => void) => void;
}

// ---------------------------------------------------------------- message:delete

export const messageDeleteSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ id: messageIdSchema }),
);
export type MessageDeletePayload = z.input<typeof messageDeleteSchema>;
export type MessageDeleteResult = Ack<object>;

export interface ClientToServerEvents {
  'message:delete': (
    payload: MessageDeletePayload,
    ack: (result: MessageDeleteResult) => void,
  ) => void;
}

// ---------------------------------------------------------------- message:react

export const messageReactSchema = /* @__PURE__ */ serverSide(() =>
  z.object({
    id: messageIdSchema,
    emoji: emojiSchema,
    on: z.boolean(),
  }),
);
export type MessageReactPayload = z.input<typeof messageReactSchema>;
export type MessageReactResult = Ack<{ message: Message }>;

export interface ClientToServerEvents {
  'message:react': (
    payload: MessageReactPayload,
    ack: (result: MessageReactResult) => void,
  ) => void;
}

// ---------------------------------------------------------------- message:search

export const messageSearchSchema = /* @__PURE__ */ serverSide(() =>
  z.object({
    query: z.string().check(
      z.trim(),
      z.minLength(1, 'Search for something'),
      z.maxLength(MAX_SEARCH_LENGTH, `Searches are at most ${MAX_SEARCH_LENGTH} characters`),
      z.refine((value) => /[\p{L}\p{N}]/u.test(value), { error: 'Search for a word or number' }),
    ),
    room: z.optional(roomNameSchema),
    before: z.optional(messageIdSchema),
  }),
);
export type MessageSearchPayload = z.input<typeof messageSearchSchema>;
/** A search hit; `matches` holds where the query matched `message.message`, as [start, end) UTF-16 offsets. */
export type SearchResult = { message: Message; matches: number[][] };
export type MessageSearchResult = Ack<{ results: SearchResult[]; hasMore: boolean }>;

export interface ClientToServerEvents {
  'message:search': (
    payload: MessageSearchPayload,
    ack: (result: MessageSearchResult) => void,
  ) => void;
}

// ---------------------------------------------------------------- typing

export const typingSchema = /* @__PURE__ */ serverSide(() =>
  z.object({ room: roomNameSchema, typing: z.boolean() }),
);
export type TypingPayload = z.input<typeof typingSchema>;
export const typingResultSchema = /* @__PURE__ */ serverSide(() => ackSchema({}));
export type TypingResult = z.infer<typeof typingResultSchema>;

export interface ClientToServerEvents {
  /** The ack is optional: browsers send typing as fire-and-forget. */
  typing: (payload: TypingPayload, ack?: (result: TypingResult) => void) => void;
}

// ---------------------------------------------------------------- tab:visibility

export const tabVisibilitySchema = /* @__PURE__ */ serverSide(() =>
  z.object({ visible: z.boolean() }),
);
export type TabVisibilityPayload = z.input<typeof tabVisibilitySchema>;
export type TabVisibilityResult = Ack;

export interface ClientToServerEvents {
  /** Whether this tab is on screen (sent at connect and on every change; the ack is optional):
   * a person with a visible tab anywhere gets no push. */
  'tab:visibility': (
    payload: TabVisibilityPayload,
    ack?: (result: TabVisibilityResult) => void,
  ) => void;
}

// ---------------------------------------------------------------- server events

/** Events the server emits. */
export interface ServerToClientEvents {
  'message:new': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (deleted: MessageDeleted) => void;
  'room:created': (room: Room) => void;
  'room:read': (marker: ReadMarker) => void;
  /** A room's topic or archived state changed (public channels: to everyone; private
   * channels and DMs: to their members). */
  'room:updated': (update: RoomUpdated) => void;
  /** The user was added to or removed from a room, on every socket of theirs. */
  'room:membership': (membership: RoomMembership) => void;
  /** The user set a room's notification level on another device. */
  'room:notify': (notify: RoomNotify) => void;
  /** An account that shares a room with this user was renamed. */
  'user:updated': (update: UserUpdated) => void;
  presence: (presence: Presence) => void;
  typing: (event: TypingEvent) => void;
  /** Live events may have been missed (the nodes lost Redis for a while, or another node
   * stopped): catch up as after a reconnect. */
  'sync:required': () => void;
}

/** The handshake error a socket without a valid session receives as `connect_error`. */
export const UNAUTHORIZED = 'unauthorized';
/** The handshake error past the open sockets one session or one address may hold. */
export const TOO_MANY_CONNECTIONS = 'too_many_connections';

// ---------------------------------------------------------------- HTTP

/** A session's account; `hasPassword` (from `GET /api/session`) prompts an upgraded account. */
export const sessionResponseSchema = z.object({
  user: z.object({ ...userSchema.shape, hasPassword: z.optional(z.boolean()) }),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
