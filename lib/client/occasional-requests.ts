/**
 * Editing, deleting, reacting, searching, setting topics and opening DMs:
 * what a person does now and then, not on every visit, so it loads on first use instead of
 * with the page.
 */
import { messageTextSchema, topicSchema } from '../protocol';
import {
  dmOpenResultSchema,
  messageDeleteResultSchema,
  messageEditResultSchema,
  messageReactResultSchema,
  messageSearchResultSchema,
  roomTopicResultSchema,
} from '../protocol-occasional';
import { answer, NO_ANSWER } from './ack-answer';
import type { ChatClient } from './chat-client';
import type { SearchOutcome } from './chat-snapshot';

/** Replaces the text of one of the user's messages; returns why not when it fails. */
export async function editMessage(
  client: ChatClient,
  id: number,
  text: string,
): Promise<string | undefined> {
  const parsed = messageTextSchema.safeParse(text);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid message';
  const result = messageEditResultSchema.safeParse(
    await answer(() =>
      client.withAckTimeout().emitWithAck('message:edit', { id, message: parsed.data }),
    ),
  );
  if (!result.success) return NO_ANSWER;
  if (!result.data.ok) return result.data.error.message;
  client.applyUpdate(result.data.message);
  return undefined;
}

/** Deletes one of the user's messages for everyone; returns why not when it fails. */
export async function deleteMessage(client: ChatClient, id: number): Promise<string | undefined> {
  const result = messageDeleteResultSchema.safeParse(
    await answer(() => client.withAckTimeout().emitWithAck('message:delete', { id })),
  );
  if (!result.success) return NO_ANSWER;
  if (!result.data.ok) return result.data.error.message;
  client.applyDeleted(id);
  return undefined;
}

/** Adds or takes back the user's `emoji` on a message. */
export async function react(client: ChatClient, id: number, emoji: string, on: boolean) {
  const result = messageReactResultSchema.safeParse(
    await answer(() => client.withAckTimeout().emitWithAck('message:react', { id, emoji, on })),
  );
  if (result.success && result.data.ok) client.applyUpdate(result.data.message);
}

/** Full-text search over every room the user can read, newest first. */
export async function search(
  client: ChatClient,
  query: string,
  before?: number,
): Promise<SearchOutcome> {
  const result = messageSearchResultSchema.safeParse(
    await answer(() =>
      client
        .withAckTimeout()
        .emitWithAck('message:search', before === undefined ? { query } : { query, before }),
    ),
  );
  if (!result.success) return { error: NO_ANSWER };
  if (!result.data.ok) return { error: result.data.error.message };
  return { results: result.data.results, hasMore: result.data.hasMore };
}

/** Sets the room's topic (empty clears it); returns why not when it fails. */
export async function setTopic(
  client: ChatClient,
  room: string,
  topic: string,
): Promise<string | undefined> {
  const parsed = topicSchema.safeParse(topic);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid topic';
  const result = roomTopicResultSchema.safeParse(
    await answer(() =>
      client.withAckTimeout().emitWithAck('room:topic', { room, topic: parsed.data }),
    ),
  );
  if (!result.success) return NO_ANSWER;
  if (!result.data.ok) return result.data.error.message;
  client.applyTopic(room, result.data.topic);
  return undefined;
}

/** Opens (or finds) the DM with `name`; returns its room, or why not. */
export async function openDm(
  client: ChatClient,
  name: string,
): Promise<{ room: string } | { error: string }> {
  const result = dmOpenResultSchema.safeParse(
    await answer(() => client.withAckTimeout().emitWithAck('dm:open', { user: name })),
  );
  if (!result.success) return { error: NO_ANSWER };
  if (!result.data.ok) return { error: result.data.error.message };
  client.addRoom(result.data.room, true);
  return { room: result.data.room.name };
}
