import type { UntrustedServerEvents } from './chat-socket-type';

/** Visits each server event of `listeners` with its listener (typed per event by the contract). */
export function forEachListener(
  listeners: UntrustedServerEvents,
  visit: (event: keyof UntrustedServerEvents, listener: (raw: unknown) => void) => void,
): void {
  const isEvent = (name: string): name is keyof UntrustedServerEvents =>
    Object.hasOwn(listeners, name);
  for (const event of Object.keys(listeners).filter(isEvent)) visit(event, listeners[event]);
}
