import { TYPING_REFRESH_MS } from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';

/**
 * What this tab tells a room about its own typing: `typing: true` at most every
 * TYPING_REFRESH_MS while the composer has text, and `typing: false` once it is cleared or the
 * room changes. Volatile: a lost signal is harmless, since the others time it out.
 */
export class TypingSignals {
  readonly #socket: ChatClientSocket;
  #sentAt: number | undefined;

  constructor(socket: ChatClientSocket) {
    this.#socket = socket;
  }

  /** The composer's text changed in `room`. */
  note(room: string, hasText: boolean): void {
    if (!hasText) return this.stop(room);
    const now = Date.now();
    if (this.#sentAt !== undefined && now - this.#sentAt < TYPING_REFRESH_MS) return;
    if (!this.#socket.connected) return;
    this.#sentAt = now;
    this.#socket.volatile.emit('typing', { room, typing: true });
  }

  /** Tells `room` that typing stopped, if it was told it started. */
  stop(room: string): void {
    if (this.#sentAt === undefined) return;
    this.#sentAt = undefined;
    if (this.#socket.connected) this.#socket.volatile.emit('typing', { room, typing: false });
  }

  /** Typing ended without a word needed: a message was sent, or the connection dropped. */
  forget(): void {
    this.#sentAt = undefined;
  }
}
