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
const LAST_ROOM = `${PREFIX}last-room`;
const NOTIFICATIONS = `${PREFIX}notifications`;

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

function read(key: string): string | null {
  try {
    return browserStorage().getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | undefined): void {
  try {
    if (value === undefined) browserStorage().removeItem(key);
    else browserStorage().setItem(key, value);
  } catch {
    // Not kept: the chat goes on without it.
  }
}

export function readDraft(key: string): string {
  return read(key) ?? '';
}

export function saveDraft(key: string, text: string): void {
  write(key, text === '' ? undefined : text);
}

/** The channel this browser had open last, unchecked (the caller validates it). */
export function readLastRoom(): string | null {
  return read(LAST_ROOM);
}

export function saveLastRoom(room: string): void {
  write(LAST_ROOM, room);
}

/** Whether the reader turned notifications on in this browser. */
export function readNotificationsChoice(): boolean {
  return read(NOTIFICATIONS) === 'on';
}

export function saveNotificationsChoice(isOn: boolean): void {
  write(NOTIFICATIONS, isOn ? 'on' : 'off');
}
