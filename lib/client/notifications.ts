import { DM_PREFIX, mentionsName, type Message } from '../protocol';

/**
 * Whether a live message deserves a system notification: someone else's, while the tab is
 * hidden, in a DM or mentioning the reader. Everything else waits in the unread counts.
 */
export function deservesNotification(message: Message, reader: string, isHidden: boolean) {
  if (!isHidden || message.user === reader) return false;
  return message.room.startsWith(DM_PREFIX) || mentionsName(message.message, reader);
}

/** The notification's title: who, and where. */
export function notificationTitle(message: Message): string {
  return message.room.startsWith(DM_PREFIX)
    ? `${message.user} (direct message)`
    : `${message.user} in #${message.room}`;
}
