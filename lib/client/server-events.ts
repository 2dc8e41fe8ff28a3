import {
  messageDeletedSchema,
  messageSchema,
  presenceSchema,
  readMarkerSchema,
  roomSchema,
  roomTopicSchema,
  typingEventSchema,
  type ServerToClientEvents,
} from '../protocol';
import type { UntrustedServerEvents } from './chat-socket-type';

interface Schema<T> {
  safeParse(raw: unknown): { success: true; data: T } | { success: false };
}

function check<T>(schema: Schema<T>, raw: unknown, handle: (payload: T) => void): void {
  const parsed = schema.safeParse(raw);
  if (parsed.success) handle(parsed.data);
}

/**
 * The socket's listeners for every server event: each checks its payload against the
 * contract's schema and hands on only what passes (anything else is dropped, as the server
 * drops what it cannot parse). `on` says what the client does with each checked payload.
 */
export function checkedListeners(on: ServerToClientEvents): UntrustedServerEvents {
  return {
    'message:new': (raw) => check(messageSchema, raw, on['message:new']),
    'message:updated': (raw) => check(messageSchema, raw, on['message:updated']),
    'message:deleted': (raw) => check(messageDeletedSchema, raw, on['message:deleted']),
    'room:created': (raw) => check(roomSchema, raw, on['room:created']),
    'room:read': (raw) => check(readMarkerSchema, raw, on['room:read']),
    'room:updated': (raw) => check(roomTopicSchema, raw, on['room:updated']),
    presence: (raw) => check(presenceSchema, raw, on.presence),
    typing: (raw) => check(typingEventSchema, raw, on.typing),
    'sync:required': () => on['sync:required'](),
  };
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
