import { DM_PREFIX, mentionsName, type Message, type NotifyLevel } from '../protocol';

/**
 * Whether a live message deserves a system notification: someone else's, while the tab is
 * hidden, in a DM or mentioning the reader, as the room's level allows (`mentions`: only
 * mentions; `none`: never). Everything else waits in the unread counts.
 */
export function deservesNotification(
  message: Message,
  reader: string,
  isHidden: boolean,
  level: NotifyLevel = 'all',
) {
  if (!isHidden || message.user === reader || level === 'none') return false;
  const isMention = mentionsName(message.message, reader);
  return isMention || (level === 'all' && message.room.startsWith(DM_PREFIX));
}

/** The notification's title: who, and where. */
export function notificationTitle(message: Message): string {
  return message.room.startsWith(DM_PREFIX)
    ? `${message.user} (direct message)`
    : `${message.user} in #${message.room}`;
}
