/**
 * The contract's schemas for the requests a client makes now and then: editing, deleting and
 * reacting to a message, search, a new channel or DM, a topic, members, levels, archiving. They belong to the contract of
 * lib/protocol.ts, which declares their types and events; they sit in a module of their own so
 * that the page's first load does not carry them (the browser loads them with
 * occasional-requests.ts, on the first such request). Each is annotated with the contract's
 * type, so a schema that drifts from it does not compile.
 */
import * as z from 'zod/mini';
import {
  ackSchema,
  DM_PREFIX,
  messageSchema,
  roomNameSchema,
  roomSchema,
  topicSchema,
  wholeNumber,
  type DmOpenResult,
  type MemberChangeResult,
  type MemberListResult,
  type MessageDeleteResult,
  type MessageEditResult,
  type MessageReactResult,
  type MessageSearchResult,
  type RoomCreatePayload,
  type RoomCreateResult,
  type RoomArchiveResult,
  type RoomNotifyResult,
  type RoomTopicResult,
  type SearchResult,
} from './protocol';

export const roomCreateSchema: z.ZodMiniType<RoomCreatePayload> = z.object({
  room: roomNameSchema.check(
    z.refine((name) => !name.startsWith(DM_PREFIX), {
      error: `Channel names may not start with “${DM_PREFIX}”`,
    }),
  ),
  private: z.optional(z.boolean()),
  topic: z.optional(topicSchema),
});

export const messageEditResultSchema: z.ZodMiniType<MessageEditResult> = ackSchema({
  message: messageSchema,
});
export const messageDeleteResultSchema: z.ZodMiniType<MessageDeleteResult> = ackSchema({});
export const messageReactResultSchema: z.ZodMiniType<MessageReactResult> = ackSchema({
  message: messageSchema,
});

export const searchResultSchema: z.ZodMiniType<SearchResult> = z.object({
  message: messageSchema,
  // Pairs are arrays checked for length, not z.tuple(): the page then carries no tuple parser
  // for this one field.
  matches: z.array(z.array(wholeNumber()).check(z.length(2))),
});
export const messageSearchResultSchema: z.ZodMiniType<MessageSearchResult> = ackSchema({
  results: z.array(searchResultSchema),
  hasMore: z.boolean(),
});

export const roomCreateResultSchema: z.ZodMiniType<RoomCreateResult> = ackSchema({
  room: roomSchema,
});
export const dmOpenResultSchema: z.ZodMiniType<DmOpenResult> = ackSchema({ room: roomSchema });
export const roomTopicResultSchema: z.ZodMiniType<RoomTopicResult> = ackSchema({
  topic: z.string(),
});

export const memberListResultSchema: z.ZodMiniType<MemberListResult> = ackSchema({
  members: z.array(
    z.object({ name: z.string(), role: z.enum(['owner', 'admin', 'member'] as const) }),
  ),
});
/** The answer of `member:add`, `member:remove`, `room:notify` and `room:archive`: ok or why not. */
export const roomChangeResultSchema: z.ZodMiniType<
  MemberChangeResult & RoomNotifyResult & RoomArchiveResult
> = ackSchema({});
