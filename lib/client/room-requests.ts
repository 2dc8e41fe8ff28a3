/**
 * What a person does to rooms now and then: a channel (private or not) with its topic, a group
 * DM, members, their own notification level, archiving (admins). Loaded with the dialogs that
 * use it, never with the page.
 */
import type { Member, NotifyLevel } from '../protocol';
import {
  dmOpenResultSchema,
  memberListResultSchema,
  roomChangeResultSchema,
  roomCreateResultSchema,
  roomCreateSchema,
} from '../protocol-occasional';
import { answer, NO_ANSWER } from './ack-answer';
import type { ChatClient } from './chat-client';

/** Why a `{ok}` request failed, or undefined when it succeeded. */
function problemOf(raw: unknown): string | undefined {
  const result = roomChangeResultSchema.safeParse(raw);
  if (!result.success) return NO_ANSWER;
  return result.data.ok ? undefined : result.data.error.message;
}

export function roomRequests(client: ChatClient) {
  const emit = client.withAckTimeout.bind(client);
  return {
    /** Creates a channel and opens it; returns why not when it fails. */
    async createChannel(
      name: string,
      options: { isPrivate: boolean; topic: string },
    ): Promise<string | undefined> {
      const payload = roomCreateSchema.safeParse({
        room: name,
        private: options.isPrivate,
        topic: options.topic,
      });
      if (!payload.success) return payload.error.issues[0]?.message ?? 'Invalid name';
      const result = roomCreateResultSchema.safeParse(
        await answer(() => emit().emitWithAck('room:create', payload.data)),
      );
      if (!result.success) return NO_ANSWER;
      if (!result.data.ok) return result.data.error.message;
      client.addRoom(result.data.room, true);
      client.open(result.data.room.name);
      return undefined;
    },

    /** Opens (or finds) the DM of the user and `names`, and shows it; returns why not. */
    async openGroup(names: string[]): Promise<string | undefined> {
      const result = dmOpenResultSchema.safeParse(
        await answer(() => emit().emitWithAck('dm:open', { users: names })),
      );
      if (!result.success) return NO_ANSWER;
      if (!result.data.ok) return result.data.error.message;
      client.addRoom(result.data.room, true);
      client.open(result.data.room.name);
      return undefined;
    },

    async members(room: string): Promise<Member[] | string> {
      const result = memberListResultSchema.safeParse(
        await answer(() => emit().emitWithAck('member:list', { room })),
      );
      if (!result.success) return NO_ANSWER;
      return result.data.ok ? result.data.members : result.data.error.message;
    },

    addMember: async (room: string, user: string) =>
      problemOf(await answer(() => emit().emitWithAck('member:add', { room, user }))),

    removeMember: async (room: string, user: string) =>
      problemOf(await answer(() => emit().emitWithAck('member:remove', { room, user }))),

    setNotify: async (room: string, level: NotifyLevel) =>
      problemOf(await answer(() => emit().emitWithAck('room:notify', { room, level }))),

    setArchived: async (room: string, archived: boolean) =>
      problemOf(await answer(() => emit().emitWithAck('room:archive', { room, archived }))),
  };
}

export type RoomRequests = ReturnType<typeof roomRequests>;
