/**
 * Everything Parley keeps in this browser (localStorage), and every `parley:*` key it uses, in
 * one place. Storage may be full, disabled or throwing (some private modes): a read then finds
 * nothing and a write is dropped; neither is ever an error for the chat.
 */

/** The part of the Web Storage API Parley needs (localStorage, or a fake in tests). */
export type KeyValueStorage = Pick<
  Storage,
  'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'
>;

const PREFIX = 'parley:';
const OUTBOX = `${PREFIX}outbox:`;
/** The channel this browser had open last. */
export const LAST_ROOM_KEY = `${PREFIX}last-room`;
/** `on` once the reader turned notifications on in this browser. */
export const NOTIFICATIONS_KEY = `${PREFIX}notifications`;

/** This tab's localStorage. */
export function browserStorage(): KeyValueStorage {
  return window.localStorage;
}

/** Where one person's unsent messages are kept: one key per message, under this prefix. */
export function outboxPrefix(userKey: string): string {
  return `${OUTBOX}${encodeURIComponent(userKey)}:`;
}

/** Whether a `storage` event (another tab's write) may have changed an outbox. */
export function mayChangeOutbox(key: string | null): boolean {
  return key === null || key.startsWith(OUTBOX);
}

/** The key of what one person has typed and not sent in one room. */
export function draftKey(userKey: string, room: string): string {
  return `${PREFIX}draft:${userKey}:${room}`;
}

/** The stored value, or null when there is none or storage cannot be read. */
export function readItem(key: string): string | null {
  try {
    return browserStorage().getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value` (removes the key for undefined); a storage that refuses keeps nothing. */
export function writeItem(key: string, value: string | undefined): void {
  try {
    if (value === undefined) browserStorage().removeItem(key);
    else browserStorage().setItem(key, value);
  } catch {
    // Not kept: the chat goes on without it.
  }
}
