import type { AckError, Message, RoomSummary, SearchResult } from '../protocol';
import type { OutboxEntry } from './outbox';
import type { RoomView } from './room-views';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Everything the UI renders, as one immutable value that changes identity on every change. */
export interface ChatSnapshot {
  /** The room on screen. */
  room: string;
  /** The signed-in account's name (it changes when the account is renamed, on any device). */
  me: string;
  connection: ConnectionState;
  isSignedOut: boolean;
  /** The room on screen's messages, ascending by id. */
  messages: Message[];
  /** This room's messages not yet acknowledged, in the order they were sent. */
  pending: OutboxEntry[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  roomError: AckError | undefined;
  /** The sidebar: channels, then DMs, with live unread counts. */
  rooms: RoomSummary[];
  /** Who is online, per room the server told us about. */
  presence: Readonly<Record<string, OnlineUsers>>;
  /** Others typing in the room on screen. */
  typing: readonly string[];
  /** Where "New messages" goes: after this id (unread when the room was opened). */
  dividerAfterId: number | undefined;
  /** Unread messages over every room, for the tab title. */
  totalUnread: number;
}

/** Who is online in a room: up to 100 names, and how many in all. */
export interface OnlineUsers {
  users: readonly string[];
  count: number;
}

export type SearchOutcome = { results: SearchResult[]; hasMore: boolean } | { error: string };

export function initialSnapshot(room: string, me: string): ChatSnapshot {
  return {
    room,
    me,
    connection: 'connecting',
    isSignedOut: false,
    messages: [],
    pending: [],
    hasOlder: false,
    isLoadingOlder: false,
    roomError: undefined,
    rooms: [],
    presence: {},
    typing: [],
    dividerAfterId: undefined,
    totalUnread: 0,
  };
}

/** `current` with `patch` applied; `current` itself when the patch changes nothing. */
export function patchSnapshot(current: ChatSnapshot, patch: Partial<ChatSnapshot>): ChatSnapshot {
  // Outbox entries are re-read from storage each time: keep the old array when nothing
  // changed, so unrelated updates do not re-render the pending list.
  if (patch.pending !== undefined && samePending(patch.pending, current.pending)) {
    patch = { ...patch, pending: current.pending };
  }
  const keys = Object.keys(patch) as (keyof ChatSnapshot)[];
  if (keys.every((key) => patch[key] === current[key])) return current;
  return { ...current, ...patch };
}

/** The snapshot's fields that show the room on screen. */
export function shownFields(view: RoomView): Partial<ChatSnapshot> {
  return {
    messages: view.messages,
    hasOlder: view.hasOlder,
    isLoadingOlder: view.isLoadingOlder,
    roomError: view.error,
  };
}

function samePending(a: readonly OutboxEntry[], b: readonly OutboxEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((entry, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        other.clientId === entry.clientId &&
        other.failure?.code === entry.failure?.code
      );
    })
  );
}
