import { ChatError } from '../chat-error';
import type { RoomRecord, RoomStore } from '../store/types';

/**
 * The one check every room event passes through before it reads or writes a room: channels are
 * open to everyone signed in; a DM only to its two members.
 */
export async function assertCanAccessRoom(
  rooms: RoomStore,
  room: string,
  userId: number,
): Promise<RoomRecord> {
  const record = await rooms.get(room);
  if (record === undefined) throw new ChatError('not_found', `Room “${room}” does not exist`);
  if (record.memberIds !== undefined && !record.memberIds.includes(userId)) {
    throw new ChatError('forbidden', 'This conversation is private to its members');
  }
  return record;
}
