import { useEffect } from 'react';
import { rememberRoom, roomFromPath, roomPath } from '../client/room-route';

/**
 * The URL follows the open room (`/c/<room>`), and Back and Forward move between rooms. Opening
 * the app at `/` names the room in place; switching rooms is a step in history. The channel is
 * also remembered for the next visit.
 */
export function useRoomUrl(room: string, open: (room: string) => void): void {
  useEffect(() => {
    const path = roomPath(room);
    const current = window.location.pathname;
    if (roomFromPath(current) === undefined) window.history.replaceState(null, '', path);
    else if (current !== path) window.history.pushState(null, '', path);
    rememberRoom(room);
  }, [room]);
  useEffect(() => {
    const onPopState = () => {
      const fromUrl = roomFromPath(window.location.pathname);
      if (fromUrl !== undefined) open(fromUrl);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [open]);
}

/** `(3) Parley` in the tab's title while 3 messages are unread. */
export function useUnreadTitle(totalUnread: number): void {
  useEffect(() => {
    document.title = totalUnread > 0 ? `(${totalUnread}) Parley` : 'Parley';
  }, [totalUnread]);
}
