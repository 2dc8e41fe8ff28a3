import { TYPING_EXPIRY_MS } from '../protocol';

export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Who is typing in each room, as the others' `typing` events say. A "typing" lasts until its
 * `typing: false`, the person's next message, our own disconnect, or `TYPING_EXPIRY_MS` without
 * a new signal (a `false` can be lost: typing events are volatile).
 */
export class TypingTracker {
  readonly #rooms = new Map<string, Map<string, unknown>>();
  readonly #onChange: () => void;
  readonly #timers: Timers;
  readonly #expiryMs: number;

  constructor(onChange: () => void, timers: Timers = REAL_TIMERS, expiryMs = TYPING_EXPIRY_MS) {
    this.#onChange = onChange;
    this.#timers = timers;
    this.#expiryMs = expiryMs;
  }

  /** Names typing in `room`, in the order they started. */
  typingIn(room: string): string[] {
    return [...(this.#rooms.get(room)?.keys() ?? [])];
  }

  set(room: string, user: string, isTyping: boolean): void {
    let typists = this.#rooms.get(room);
    const timer = typists?.get(user);
    if (timer !== undefined) this.#timers.clearTimeout(timer);
    if (!isTyping) {
      if (typists?.delete(user) === true) this.#onChange();
      return;
    }
    if (typists === undefined) this.#rooms.set(room, (typists = new Map<string, unknown>()));
    const isNew = !typists.has(user);
    typists.set(
      user,
      this.#timers.setTimeout(() => this.set(room, user, false), this.#expiryMs),
    );
    if (isNew) this.#onChange();
  }

  clearAll(): void {
    const hadAny = [...this.#rooms.values()].some((typists) => typists.size > 0);
    for (const typists of this.#rooms.values()) {
      for (const timer of typists.values()) this.#timers.clearTimeout(timer);
    }
    this.#rooms.clear();
    if (hadAny) this.#onChange();
  }
}

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…". */
export function typingText(names: readonly string[]): string | undefined {
  const [first, second] = names;
  if (first === undefined) return undefined;
  if (second === undefined) return `${first} is typing…`;
  if (names.length === 2) return `${first} and ${second} are typing…`;
  return 'Several people are typing…';
}
