import {
  roomHistoryResultSchema,
  roomJoinResultSchema,
  type AckError,
  type Message,
} from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';
import { applyDelete, applyUpdate, mergeMessages } from './message-log';
import { isOwn, type Identity } from './identity';
import type { Outbox } from './outbox';

/** What the browser holds of one room. */
export interface RoomView {
  /** Ascending by id, without gaps between the oldest and the newest held. */
  messages: Message[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  isLoaded: boolean;
  error: AckError | undefined;
  /** The change position of the last join: catch-up asks for changes after it. */
  seq: number | undefined;
}

export interface RoomViewsOptions {
  socket: ChatClientSocket;
  outbox: Outbox;
  ackTimeoutMs: number;
  /** The signed-in account: its own stored messages settle outbox entries. */
  me: Identity;
  onChange: (room: string, view: RoomView) => void;
  /** Stored messages settled outbox entries. */
  onSettled: () => void;
  /** A held message was deleted. */
  onRemoved: (message: Message) => void;
  /** A page of `room:join` arrived; `isCaughtUp` when it was the last one. */
  onPage: (room: string, isCaughtUp: boolean) => void;
}

const emptyView = (): RoomView => ({
  messages: [],
  hasOlder: false,
  isLoadingOlder: false,
  isLoaded: false,
  error: undefined,
  seq: undefined,
});

/**
 * Each room's messages as far as the browser holds them, and how they are fetched: the first
 * page on a room's first visit, catch-up after the newest id held (and the changes since the
 * last join) on each connect, older pages on demand. Every list is ordered and deduplicated by
 * the server's ids, so whatever arrives twice or out of order merges away.
 */
export class RoomViews {
  readonly #options: RoomViewsOptions;
  readonly #views = new Map<string, RoomView>();
  readonly #joinGenerations = new Map<string, number>();
  /** Rooms whose first page is on its way: live messages for them are kept, not dropped. */
  readonly #loadingRooms = new Set<string>();

  constructor(options: RoomViewsOptions) {
    this.#options = options;
  }

  viewOf(room: string): RoomView {
    let view = this.#views.get(room);
    if (view === undefined) this.#views.set(room, (view = emptyView()));
    return view;
  }

  /** The rooms whose messages are held. */
  loadedRooms(): string[] {
    return [...this.#views].filter(([, view]) => view.isLoaded).map(([room]) => room);
  }

  /** Joins `room`, asking for everything after the last id held until caught up. */
  async join(room: string): Promise<void> {
    const generation = (this.#joinGenerations.get(room) ?? 0) + 1;
    this.#joinGenerations.set(room, generation);
    const view = this.viewOf(room);
    const after = view.isLoaded ? view.messages.at(-1)?.id : undefined;
    if (after === undefined) this.#loadingRooms.add(room);
    try {
      await this.#joinPages(room, generation, after, view.seq);
    } finally {
      if (generation === this.#joinGenerations.get(room)) this.#loadingRooms.delete(room);
    }
  }

  async #joinPages(
    room: string,
    generation: number,
    first: number | undefined,
    since: number | undefined,
  ): Promise<void> {
    let after = first;
    for (;;) {
      let raw: unknown;
      const payload =
        after === undefined
          ? { room }
          : since === undefined
            ? { room, after }
            : { room, after, since };
      try {
        raw = await this.#request().emitWithAck('room:join', payload);
      } catch {
        return; // No answer: the next connect joins again.
      }
      if (generation !== this.#joinGenerations.get(room)) return;
      const result = roomJoinResultSchema.safeParse(raw);
      if (!result.success) return;
      if (!result.data.ok) {
        this.#patch(room, { error: result.data.error });
        return;
      }
      const { changes, seq } = result.data;
      if (changes?.truncated === true) {
        // Too much changed while we were away: start the room over from its latest page.
        this.#views.set(room, emptyView());
        this.#options.onChange(room, this.viewOf(room));
        return this.join(room);
      }
      for (const message of changes?.updated ?? []) this.applyUpdate(message);
      for (const id of changes?.deleted ?? []) this.applyDelete(room, id);
      this.receive(result.data.messages, room);
      this.#patch(room, { seq: Math.max(seq, this.viewOf(room).seq ?? 0) });
      if (after === undefined)
        this.#patch(room, { hasOlder: result.data.hasMore, error: undefined });
      const isCaughtUp = after === undefined || !result.data.hasMore;
      this.#options.onPage(room, isCaughtUp);
      if (isCaughtUp) return;
      after = this.viewOf(room).messages.at(-1)?.id;
    }
  }

  /** Loads the page of messages before the oldest one held in `room`. */
  async loadOlder(room: string): Promise<void> {
    const view = this.viewOf(room);
    const oldest = view.messages[0];
    if (oldest === undefined || view.isLoadingOlder || !view.hasOlder) return;
    this.#patch(room, { isLoadingOlder: true });
    try {
      const raw: unknown = await this.#request().emitWithAck('room:history', {
        room,
        before: oldest.id,
      });
      const result = roomHistoryResultSchema.safeParse(raw);
      if (result.success && result.data.ok) {
        this.receive(result.data.messages);
        this.#patch(room, { hasOlder: result.data.hasMore });
      }
    } catch {
      // No answer in time: scrolling up asks again.
    } finally {
      this.#patch(room, { isLoadingOlder: false });
    }
  }

  /**
   * Loads older pages of `room` until message `id` is held, while `isWanted` (the room is still
   * on screen); false when it is not there. Used to jump to a reply's parent or a search result,
   * so its code loads on first use (room-history.ts).
   */
  async loadUntil(room: string, id: number, isWanted: () => boolean): Promise<boolean> {
    const { loadUntil } = await import('./room-history');
    return loadUntil(this, room, id, isWanted);
  }

  /**
   * Re-reads the recent past of `room` after `sync:required` (see room-history.ts), which is
   * rare, so its code loads on first use.
   */
  async rereadRecent(room: string): Promise<void> {
    const { rereadRecent } = await import('./room-history');
    await rereadRecent(this, this.#request(), room);
  }

  /**
   * Adds stored messages to the rooms held (and to `loading`, the room whose first page this
   * is), and settles the outbox entries they confirm. Rooms never opened keep nothing.
   */
  receive(incoming: readonly Message[], loading?: string): void {
    let hasSettled = false;
    const byRoom = new Map<string, Message[]>();
    for (const message of incoming) {
      if (isOwn(message, this.#options.me)) {
        // Sent from this tab, another tab, or before a reload: stored now, so no longer pending.
        this.#options.outbox.remove(message.clientId);
        hasSettled = true;
      }
      const forRoom = byRoom.get(message.room);
      if (forRoom === undefined) byRoom.set(message.room, [message]);
      else forRoom.push(message);
    }
    for (const [room, messages] of byRoom) {
      const view = this.viewOf(room);
      if (!view.isLoaded && room !== loading) {
        // Heard while the room's first page is on its way: it may have been stored after that
        // page was read (with several nodes, its broadcast can even overtake the page), so keep
        // it for the page to merge with. A room not being loaded keeps nothing: a lone message
        // would leave a gap below the page that loads later.
        if (this.#loadingRooms.has(room)) {
          this.#patch(room, { messages: mergeMessages(view.messages, messages) });
        }
        continue;
      }
      this.#patch(room, { messages: mergeMessages(view.messages, messages), isLoaded: true });
    }
    if (loading !== undefined && !this.viewOf(loading).isLoaded) {
      this.#patch(loading, { isLoaded: true });
    }
    // Others' messages, the common case, leave the outbox alone: no storage read for them.
    if (hasSettled) this.#options.onSettled();
  }

  /** An account's new name, on every message of it held (and its reactions). */
  applyRename(userId: number, from: string | undefined, to: string): void {
    const rename = (name: string) => (name === from ? to : name);
    for (const [room, view] of this.#views) {
      const messages = view.messages.map((message) => {
        const isAuthor = message.userId === userId;
        const hasReaction =
          from !== undefined && message.reactions.some((r) => r.users.includes(from));
        if (!isAuthor && !hasReaction) return message;
        return {
          ...message,
          user: isAuthor ? to : message.user,
          reactions: message.reactions.map((r) => ({ ...r, users: r.users.map(rename) })),
        };
      });
      if (messages.some((message, i) => message !== view.messages[i])) {
        this.#patch(room, { messages });
      }
    }
  }

  /** The name the account `userId` had on the messages held, if any is held. */
  nameOf(userId: number): string | undefined {
    for (const view of this.#views.values()) {
      const message = view.messages.find((candidate) => candidate.userId === userId);
      if (message !== undefined) return message.user;
    }
    return undefined;
  }

  /** Shows a changed message (an edit or a reaction) where it is held. */
  applyUpdate(message: Message): void {
    const view = this.#views.get(message.room);
    if (view?.isLoaded !== true) return;
    const messages = applyUpdate(view.messages, message);
    if (messages !== view.messages) this.#patch(message.room, { messages });
  }

  /** Removes a deleted message from `room`. */
  applyDelete(room: string, id: number): void {
    const view = this.#views.get(room);
    const removed = view?.messages.find((message) => message.id === id);
    if (removed !== undefined) this.#options.onRemoved(removed);
    if (view?.isLoaded !== true) return;
    const messages = applyDelete(view.messages, id);
    if (messages !== view.messages) this.#patch(room, { messages });
  }

  /** Removes a deleted message from whichever room holds it. */
  applyDeleted(id: number): void {
    for (const [room, view] of this.#views) {
      if (view.messages.some((message) => message.id === id)) this.applyDelete(room, id);
    }
  }

  #patch(room: string, patch: Partial<RoomView>): void {
    const view = { ...this.viewOf(room), ...patch };
    this.#views.set(room, view);
    this.#options.onChange(room, view);
  }

  #request() {
    return this.#options.socket.timeout(this.#options.ackTimeoutMs);
  }
}
