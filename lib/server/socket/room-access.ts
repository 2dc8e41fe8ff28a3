import { ChatError } from '../chat-error';
import type { RoomStore } from '../store/types';

/**
 * The one check every room event passes through before it reads or writes a room.
 * Today every channel is open to every signed-in user; direct messages will narrow this.
 */
export async function assertCanAccessRoom(rooms: RoomStore, room: string): Promise<void> {
  if (!(await rooms.exists(room)))
    throw new ChatError('not_found', `Room “${room}” does not exist`);
}
