import { DEFAULT_ROOM, roomNameSchema } from '../protocol';

const LAST_ROOM_KEY = 'parley:last-room';

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
export function lastRoom(storage: Pick<Storage, 'getItem'>): string {
  const stored = storage.getItem(LAST_ROOM_KEY);
  return stored !== null && roomNameSchema.safeParse(stored).success ? stored : DEFAULT_ROOM;
}

export function rememberRoom(storage: Pick<Storage, 'setItem'>, room: string): void {
  storage.setItem(LAST_ROOM_KEY, room);
}
