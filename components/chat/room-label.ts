import type { Room } from '@/lib/protocol';

/** How a room is named on screen: `# channel`, or the other person of a DM. */
export function roomLabel(room: Pick<Room, 'name' | 'kind' | 'members'>, me: string): string {
  if (room.kind === 'channel') return `# ${room.name}`;
  return room.members?.find((member) => member !== me) ?? 'Direct message';
}
