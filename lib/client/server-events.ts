import {
  messageDeletedSchema,
  messageSchema,
  presenceSchema,
  readMarkerSchema,
  roomSchema,
  roomMembershipSchema,
  roomUpdatedSchema,
  typingEventSchema,
  userUpdatedSchema,
  type Message,
  type Presence,
} from '../protocol';
import type { UntrustedServerEvents } from './chat-socket-type';
import type { Identity } from './identity';
import type { ReadState } from './read-state';
import type { RoomViews } from './room-views';
import type { TypingTracker } from './typing-tracker';

/** The parts of ChatClient that server events change, and what only the façade can do. */
export interface ServerEventParts {
  views: RoomViews;
  readState: ReadState;
  typists: TypingTracker;
  /** The signed-in account: its own typing is not shown back to it. */
  me: Identity;
  onMessage: (message: Message) => void;
  onPresence: (presence: Presence) => void;
  /** Catch up as on a reconnect. */
  onSyncRequired: () => void;
  /** This account has a new name (set on another device): `me` already holds it. */
  onRenamedMe: (name: string) => void;
  /** The user was added to `room` or removed from it (a new list is on its way). */
  onMembership: (room: string, joined: boolean) => void;
}

/**
 * The socket's listener for every event the server sends, in one table (ChatClient's start and
 * stop both read it). Each checks its payload against the contract's schema first; what does not
 * parse is dropped, as the server drops what it cannot parse.
 */
export function serverEventListeners(parts: ServerEventParts): UntrustedServerEvents {
  const { views, readState, typists } = parts;
  return {
    'message:new': (raw) => {
      const parsed = messageSchema.safeParse(raw);
      if (parsed.success) parts.onMessage(parsed.data);
    },
    'message:updated': (raw) => {
      const parsed = messageSchema.safeParse(raw);
      if (parsed.success) views.applyUpdate(parsed.data);
    },
    'message:deleted': (raw) => {
      const parsed = messageDeletedSchema.safeParse(raw);
      if (parsed.success) views.applyDelete(parsed.data.room, parsed.data.id);
    },
    'room:created': (raw) => {
      const parsed = roomSchema.safeParse(raw);
      if (parsed.success) readState.add(parsed.data, false);
    },
    'room:read': (raw) => {
      const parsed = readMarkerSchema.safeParse(raw);
      if (parsed.success) readState.applyRead(parsed.data.room, parsed.data.id);
    },
    'room:updated': (raw) => {
      const parsed = roomUpdatedSchema.safeParse(raw);
      if (!parsed.success) return;
      const { room, ...change } = parsed.data;
      readState.patch(room, change);
    },
    // Added: the list brings the room with its counts. Removed: a private room leaves the list
    // (a public channel stays in it, no longer joined).
    'room:membership': (raw) => {
      const parsed = roomMembershipSchema.safeParse(raw);
      if (!parsed.success) return;
      // Off the screen first, then out of the list: no moment shows a room that is gone.
      parts.onMembership(parsed.data.room, parsed.data.joined);
      void readState.refresh();
    },
    // A level chosen on any device: the server recounts the room at that level.
    'room:notify': () => void readState.refresh(),
    'user:updated': (raw) => {
      const parsed = userUpdatedSchema.safeParse(raw);
      if (parsed.success) applyRename(parts, parsed.data.id, parsed.data.name);
    },
    presence: (raw) => {
      const parsed = presenceSchema.safeParse(raw);
      if (parsed.success) parts.onPresence(parsed.data);
    },
    typing: (raw) => {
      const parsed = typingEventSchema.safeParse(raw);
      if (!parsed.success || parsed.data.user === parts.me.name) return;
      typists.set(parsed.data.room, parsed.data.user, parsed.data.typing);
    },
    // Another node stopped, or the fan-out between nodes was down: catch up as on a reconnect,
    // and re-read the recent past of each room held, which "after the newest id" can skip.
    'sync:required': () => {
      parts.onSyncRequired();
      for (const room of views.loadedRooms()) void views.rereadRecent(room);
    },
  };
}

/** `user:updated`: the account's new name on the messages and reactions held, its DMs, `me`. */
function applyRename(parts: ServerEventParts, id: number, name: string): void {
  const { views, readState, me } = parts;
  const from = id === me.id ? me.name : views.nameOf(id);
  views.applyRename(id, from, name);
  if (from !== undefined) readState.renamed(from, name);
  if (id !== me.id) return;
  me.name = name;
  parts.onRenamedMe(name);
}

/** Visits each server event of `listeners` with its listener (typed per event by the contract). */
export function forEachListener(
  listeners: UntrustedServerEvents,
  visit: (event: keyof UntrustedServerEvents, listener: (raw: unknown) => void) => void,
): void {
  const isEvent = (name: string): name is keyof UntrustedServerEvents =>
    Object.hasOwn(listeners, name);
  for (const event of Object.keys(listeners).filter(isEvent)) visit(event, listeners[event]);
}
