import { DEFAULT_ROOM, type Message, type Room, type User } from '../protocol';
import type { Identity } from './identity';
import type { ChatClientSocket, UntrustedServerEvents } from './chat-socket-type';
import { forEachListener, serverEventListeners } from './server-events';
import { initialSnapshot, patchSnapshot, shownFields, type ChatSnapshot } from './chat-snapshot';
import { Connection } from './connection';
import { Delivery } from './delivery';
import type { Outbox, OutboxEntry } from './outbox';
import { ReadState } from './read-state';
import { createSending, type Sending } from './sending';
import { RoomViews } from './room-views';
import { REAL_TIMERS, TypingTracker, type Timers } from './typing-tracker';
import { TypingSignals } from './typing-signals';

export type { ChatClientSocket } from './chat-socket-type';
export type { ChatSnapshot } from './chat-snapshot';
export interface ChatClientOptions {
  socket: ChatClientSocket;
  outbox: Outbox;
  user: User;
  room: string;
  isOnline?: () => boolean;
  newClientId?: () => string;
  /** How long to wait for an ack before treating the request as lost and retrying. */
  ackTimeoutMs?: number;
  /** Timers for typing expiry and handshake retries (tests pass controllable ones). */
  timers?: Timers;
}

const DEFAULT_ACK_TIMEOUT_MS = 10_000;

/**
 * The chat as the browser sees it: one socket, the rooms the user belongs to, and the outbox,
 * as one snapshot for the UI. It wires the socket's events to its parts: the rooms' messages
 * (room-views.ts), the room list and read state (read-state.ts), the outbox's delivery
 * (delivery.ts) and typing (typing-tracker.ts, typing-signals.ts). Correctness rests on two
 * things only: the server's ids (each room's list is ordered and deduplicated by id, and a
 * (re)connect asks for everything after the last id held) and the clientId of each outbox entry
 * (a retry of a stored message returns it instead of storing it twice).
 */
export class ChatClient {
  readonly #options: ChatClientOptions;
  readonly #me: Identity;
  #snapshot: ChatSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #liveListeners = new Set<(message: Message) => void>();
  readonly #views: RoomViews;
  readonly #readState: ReadState;
  readonly #delivery: Delivery;
  readonly #typists: TypingTracker;
  readonly #typing: TypingSignals;
  readonly #ackTimeoutMs: number;
  readonly #connection: Connection;
  /** Queuing messages (with files), retrying, discarding: sending.ts. */
  readonly sending: Sending;
  /** Every event the server sends, with what this client does on it: start and stop read it. */
  readonly #serverEvents: UntrustedServerEvents;

  constructor(options: ChatClientOptions) {
    this.#options = options;
    const { socket, outbox } = options;
    const me: Identity = (this.#me = { id: options.user.id, name: options.user.name });
    const ackTimeoutMs = (this.#ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
    const timers = options.timers ?? REAL_TIMERS;
    this.#typists = new TypingTracker(
      () => this.#update({ typing: this.#typists.typingIn(this.#snapshot.room) }),
      timers,
    );
    this.#connection = new Connection({
      socket,
      timers,
      isOnline: () => options.isOnline?.() ?? true,
      onChange: (patch) => this.#update(patch),
      onConnect: () => this.#catchUp(),
      onDisconnect: () => {
        this.#update({ presence: {} });
        this.#typing.forget();
        this.#typists.clearAll();
      },
    });
    this.#typing = new TypingSignals(socket);
    this.#views = new RoomViews({
      socket,
      outbox,
      ackTimeoutMs,
      me,
      onChange: (room, view) => {
        if (room === this.#snapshot.room) this.#update(shownFields(view));
      },
      onSettled: () => this.#refreshPending(),
      onRemoved: (message) => this.#readState.uncount(message),
      onPage: (room, isCaughtUp) => this.#readState.joined(room, isCaughtUp),
    });
    this.#readState = new ReadState(
      {
        socket,
        ackTimeoutMs,
        me,
        viewOf: (room) => this.#views.viewOf(room),
        onChange: (patch) => this.#update(patch),
      },
      options.room,
    );
    this.#delivery = new Delivery({
      socket,
      outbox,
      ackTimeoutMs,
      me,
      onStored: (message) => {
        this.#readState.count(message);
        this.#views.receive([message]);
      },
      onChange: () => this.#refreshPending(),
    });
    this.sending = createSending({
      outbox,
      me,
      room: () => this.#snapshot.room,
      newClientId: options.newClientId,
      onQueued: () => {
        // The message itself tells the others this typing is over.
        this.#typing.forget();
        this.outboxChanged();
      },
      onChange: (shouldDeliver) => {
        if (shouldDeliver) this.outboxChanged();
        else this.#refreshPending();
      },
    });
    this.#serverEvents = serverEventListeners({
      views: this.#views,
      readState: this.#readState,
      typists: this.#typists,
      me,
      onMessage: (message) => {
        this.#typists.set(message.room, message.user, false);
        this.#readState.receiveLive(message);
        this.#views.receive([message]);
        for (const listener of this.#liveListeners) listener(message);
      },
      onPresence: ({ room, users, count }) => {
        this.#update({ presence: { ...this.#snapshot.presence, [room]: { users, count } } });
      },
      onSyncRequired: () => this.#catchUp(),
      onRenamedMe: (name) => this.#update({ me: name }),
      // The room on screen: joined at last (it may have answered "not open to you"), or left.
      onMembership: (room, joined) => {
        if (room !== this.#snapshot.room) return;
        if (joined) void this.#views.join(room);
        else this.open(DEFAULT_ROOM);
      },
    });
    this.#snapshot = {
      ...initialSnapshot(options.room, options.user.name),
      pending: this.#pendingEntries(options.room),
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): ChatSnapshot => this.#snapshot;

  /** Hears each message others send live (not history, not catch-up, not one's own sends). */
  readonly subscribeToLive = (listener: (message: Message) => void): (() => void) => {
    this.#liveListeners.add(listener);
    return () => this.#liveListeners.delete(listener);
  };

  /** Connects and starts delivering; safe to call again after `stop()`. */
  start(): void {
    const { socket } = this.#options;
    forEachListener(this.#serverEvents, (event, listener) => socket.on(event, listener));
    this.#connection.start();
  }

  stop(): void {
    const { socket } = this.#options;
    forEachListener(this.#serverEvents, (event, listener) => socket.off(event, listener));
    this.#connection.stop();
    this.#delivery.stop();
    this.#typists.clearAll();
  }

  /** Puts `room` on screen; its messages load on first visit and stay live afterwards. */
  readonly open = (room: string): void => {
    if (room === this.#snapshot.room) return;
    this.#typing.stop(this.#snapshot.room);
    const view = this.#views.viewOf(room);
    this.#update({
      room,
      ...shownFields(view),
      pending: this.#pendingEntries(room),
      typing: this.#typists.typingIn(room),
      dividerAfterId: this.#readState.show(room),
    });
    if (!view.isLoaded && this.#options.socket.connected) void this.#views.join(room);
  };

  /**
   * The UI says whether the user is reading the room on screen at its newest message (tab
   * visible, scrolled to the bottom); while they are, its messages count as read.
   */
  readonly setReading = (isReading: boolean): void => {
    this.#readState.setReading(isReading);
    // The view reports reading whenever the tab is shown or hidden: so the server hears whether
    // it is on screen (a visible tab anywhere holds pushes). Not volatile, which drops a packet
    // while the transport is busy (a lost "shown" would push to someone reading); not queued
    // while offline either: each new handshake says it afresh (chat-socket.ts).
    const visible = typeof document === 'undefined' || !document.hidden;
    const { socket } = this.#options;
    if (socket.connected) socket.emit('tab:visibility', { visible });
  };

  /** The composer's text changed: tell the room we are typing (throttled), or that we stopped. */
  readonly noteTyping = (hasText: boolean): void => {
    this.#typing.note(this.#snapshot.room, hasText);
  };

  /**
   * Loads older pages of the room on screen until message `id` is held (to jump to a reply's
   * parent or a search result); false when it is not there (deleted, or never was).
   */
  readonly loadUntil = (id: number): Promise<boolean> => {
    const { room } = this.#snapshot;
    return this.#views.loadUntil(room, id, () => room === this.#snapshot.room);
  };

  /** Loads the page of messages before the oldest one held in the room on screen. */
  readonly loadOlder = (): Promise<void> => {
    return this.#views.loadOlder(this.#snapshot.room);
  };

  /** Another tab changed the shared outbox: show its entries and help deliver them. */
  outboxChanged(): void {
    this.#refreshPending();
    void this.#delivery.flush();
  }

  /** The browser's online state changed. */
  networkChanged(): void {
    this.#connection.networkChanged();
  }

  /** Adds a room to the sidebar (a channel someone created, or a DM), or marks it joined. */
  addRoom(room: Room, joined: boolean): void {
    this.#readState.add(room, joined);
  }

  /** Shows a room's new topic (the server confirmed or announced it). */
  applyTopic(room: string, topic: string): void {
    this.#readState.patch(room, { topic });
  }

  /** Shows a changed message (an edit or reaction the server confirmed) where it is held. */
  applyUpdate(message: Message): void {
    this.#views.applyUpdate(message);
  }

  /** Removes a message the server confirmed deleted, from whichever room holds it. */
  applyDeleted(id: number): void {
    this.#views.applyDeleted(id);
  }

  /**
   * The socket, failing an acknowledged emit after the ack timeout: for the requests made now and
   * then (occasional-requests.ts, loaded on first use), each typed by the contract.
   */
  withAckTimeout() {
    return this.#options.socket.timeout(this.#ackTimeoutMs);
  }

  // ---------------------------------------------------------------- catch-up

  /** Asks for everything after what we hold: on each connect, and when the server says so. */
  #catchUp(): void {
    void this.#readState.refresh();
    // The room on screen first, then every other room we hold messages of.
    const shown = this.#snapshot.room;
    void this.#views.join(shown);
    for (const room of this.#views.loadedRooms()) if (room !== shown) void this.#views.join(room);
    void this.#delivery.flush();
  }

  // ---------------------------------------------------------------- snapshot

  #refreshPending(): void {
    this.#update({ pending: this.#pendingEntries() });
  }

  /** The outbox entries of `room`; RoomViews.receive removes each once its message is stored. */
  #pendingEntries(room = this.#snapshot.room): OutboxEntry[] {
    return this.#options.outbox.list().filter((entry) => entry.room === room);
  }

  #update(patch: Partial<ChatSnapshot>): void {
    const next = patchSnapshot(this.#snapshot, patch);
    if (next === this.#snapshot) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}
