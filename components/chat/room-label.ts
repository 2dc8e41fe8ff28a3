import type { Room } from '@/lib/protocol';

/** How a room is named on screen: `# channel`, `🔒 private-channel`, or a DM's other people. */
export function roomLabel(
  room: Pick<Room, 'name' | 'kind' | 'members' | 'private'>,
  me: string,
): string {
  if (room.kind === 'channel') return `${room.private === true ? '🔒' : '#'} ${room.name}`;
  const others = room.members?.filter((member) => member !== me).join(', ') ?? '';
  return others === '' ? 'Direct message' : others;
}
