import { ChatError } from '../chat-error';
import { isOpenTo } from '../store/room-records';
import type { RoomRecord, RoomStore } from '../store/types';

/**
 * The one answer for a room the caller may not use, whether it exists or not: a private
 * channel or DM of others is indistinguishable from a name nobody took.
 */
export const roomNotOpen = (room: string) =>
  new ChatError('forbidden', `There is no room “${room}” open to you`);

/** The room, when `userId` may read it: public channels, and rooms they are a member of. */
export async function accessibleRoom(
  rooms: RoomStore,
  room: string,
  userId: number,
): Promise<RoomRecord | undefined> {
  const record = await rooms.get(room);
  if (record === undefined) return undefined;
  const isOpen = isOpenTo(record, userId) ?? (await rooms.isMember(room, userId));
  return isOpen ? record : undefined;
}

/**
 * The one check every room event passes through before it reads or writes a room: public
 * channels are open to everyone signed in; private channels and DMs only to their members.
 */
export async function assertCanAccessRoom(
  rooms: RoomStore,
  room: string,
  userId: number,
): Promise<RoomRecord> {
  const record = await accessibleRoom(rooms, room, userId);
  if (record === undefined) throw roomNotOpen(room);
  return record;
}

/** As `assertCanAccessRoom`, for events that change a room: an archived one is read-only. */
export async function assertCanWriteRoom(
  rooms: RoomStore,
  room: string,
  userId: number,
): Promise<RoomRecord> {
  const record = await assertCanAccessRoom(rooms, room, userId);
  if (record.archived) {
    throw new ChatError('forbidden', `#${room} is archived: it is read-only`);
  }
  return record;
}
