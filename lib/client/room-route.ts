import { DEFAULT_ROOM, DM_PREFIX, roomNameSchema } from '../protocol';
import { LAST_ROOM_KEY, readItem, writeItem } from './browser-storage';

const isDmRoom = (room: string) => room.startsWith(DM_PREFIX);

/** Every room has its own URL, so a link opens it. */
export function roomPath(room: string): string {
  return `/c/${encodeURIComponent(room)}`;
}

/** The room a `/c/<room>` path names, or undefined for any other path. */
export function roomFromPath(pathname: string): string | undefined {
  const match = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] === undefined) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/** The channel this browser had open last (DMs are not remembered), else #general. */
export function lastRoom(): string {
  const stored = readItem(LAST_ROOM_KEY);
  return stored !== null && roomNameSchema.safeParse(stored).success ? stored : DEFAULT_ROOM;
}

/** Remembers a channel for the next visit; DMs are not remembered. */
export function rememberRoom(room: string): void {
  if (!isDmRoom(room)) writeItem(LAST_ROOM_KEY, room);
}
