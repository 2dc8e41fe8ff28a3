import {
  messageDeletedSchema,
  messageSchema,
  messageTextSchema,
  presenceSchema,
  readMarkerSchema,
  roomSchema,
  roomTopicSchema,
  typingEventSchema,
  UNAUTHORIZED,
  type Message,
  type Room,
  type User,
} from '../protocol';
import type { ChatClientSocket, UntrustedServerEvents } from './chat-socket-type';
import { forEachListener } from './server-events';
import { initialSnapshot, patchSnapshot, shownFields, type ChatSnapshot } from './chat-snapshot';
import { Delivery } from './delivery';
import type { Outbox, OutboxEntry } from './outbox';
import { ReadState } from './read-state';
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
/** A refused handshake (too many connections, a storage fault) is retried after 3–5 s. */
const HANDSHAKE_RETRY_MS = 3_000;
const HANDSHAKE_RETRY_JITTER_MS = 2_000;

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
  #snapshot: ChatSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #liveListeners = new Set<(message: Message) => void>();
  readonly #views: RoomViews;
  readonly #readState: ReadState;
  readonly #delivery: Delivery;
  readonly #typists: TypingTracker;
  readonly #typing: TypingSignals;
  readonly #timers: Timers;
  readonly #ackTimeoutMs: number;
  #isReading = false;
  #handshakeTimer: unknown;

  constructor(options: ChatClientOptions) {
    this.#options = options;
    const { socket, outbox } = options;
    const me = options.user.name;
    const ackTimeoutMs = (this.#ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS);
    this.#timers = options.timers ?? REAL_TIMERS;
    this.#typists = new TypingTracker(
      () => this.#update({ typing: this.#typists.typingIn(this.#snapshot.room) }),
      this.#timers,
    );
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
      onPage: (room, isCaughtUp) => {
        // Joining made us a member: from now on this room's messages count as unread.
        if (this.#readState.summaryOf(room)?.joined === false) {
          this.#readState.patch(room, { joined: true });
        }
        if (isCaughtUp && room === this.#snapshot.room && this.#isReading) this.setReading(true);
      },
    });
    this.#readState = new ReadState({
      socket,
      ackTimeoutMs,
      me,
      onChange: (rooms, totalUnread) => this.#update({ rooms, totalUnread }),
    });
    this.#delivery = new Delivery({
      socket,
      outbox,
      ackTimeoutMs,
      onStored: (message) => {
        this.#readState.count(message);
        this.#views.receive([message]);
      },
      onChange: () => this.#refreshPending(),
    });
    this.#snapshot = {
      ...initialSnapshot(options.room),
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
    socket.on('connect', this.#onConnect);
    socket.on('disconnect', this.#onDisconnect);
    socket.on('connect_error', this.#onConnectError);
    forEachListener(this.#serverEvents, (event, listener) => socket.on(event, listener));
    socket.connect();
  }

  stop(): void {
    const { socket } = this.#options;
    socket.off('connect', this.#onConnect);
    socket.off('disconnect', this.#onDisconnect);
    socket.off('connect_error', this.#onConnectError);
    forEachListener(this.#serverEvents, (event, listener) => socket.off(event, listener));
    socket.disconnect();
    this.#delivery.stop();
    this.#timers.clearTimeout(this.#handshakeTimer);
    this.#typists.clearAll();
  }

  /** Puts `room` on screen; its messages load on first visit and stay live afterwards. */
  open(room: string): void {
    if (room === this.#snapshot.room) return;
    this.#typing.stop(this.#snapshot.room);
    this.#isReading = false;
    const view = this.#views.viewOf(room);
    const summary = this.#readState.summaryOf(room);
    this.#update({
      room,
      ...shownFields(view),
      pending: this.#pendingEntries(room),
      typing: this.#typists.typingIn(room),
      dividerAfterId: summary !== undefined && summary.unread > 0 ? summary.lastReadId : undefined,
    });
    if (!view.isLoaded && this.#options.socket.connected) void this.#views.join(room);
  }

  /**
   * The UI says whether the user is reading the room on screen at its newest message (tab
   * visible, scrolled to the bottom); while they are, its messages count as read.
   */
  setReading(isReading: boolean): void {
    this.#isReading = isReading;
    if (!isReading) return;
    const last = this.#snapshot.messages.at(-1);
    if (last !== undefined) this.#markRead(this.#snapshot.room, last.id);
  }

  /** Queues `text` for sending; returns a reason when it is not a valid message. */
  send(text: string, replyTo?: number): string | undefined {
    const parsed = messageTextSchema.safeParse(text);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid message';
    this.#options.outbox.add({
      clientId: this.#options.newClientId?.() ?? crypto.randomUUID(),
      room: this.#snapshot.room,
      user: this.#options.user.name,
      message: parsed.data,
      ...(replyTo === undefined ? {} : { replyTo }),
    });
    // The message itself tells the others this typing is over.
    this.#typing.forget();
    this.#refreshPending();
    void this.#delivery.flush();
    return undefined;
  }

  /** The composer's text changed: tell the room we are typing (throttled), or that we stopped. */
  noteTyping(hasText: boolean): void {
    this.#typing.note(this.#snapshot.room, hasText);
  }

  /**
   * Loads older pages of the room on screen until message `id` is held (to jump to a reply's
   * parent or a search result); false when it is not there (deleted, or never was).
   */
  loadUntil(id: number): Promise<boolean> {
    const { room } = this.#snapshot;
    return this.#views.loadUntil(room, id, () => room === this.#snapshot.room);
  }

  /** Loads the page of messages before the oldest one held in the room on screen. */
  loadOlder(): Promise<void> {
    return this.#views.loadOlder(this.#snapshot.room);
  }

  retry(clientId: string): void {
    this.#options.outbox.retry(clientId);
    this.outboxChanged();
  }

  discard(clientId: string): void {
    this.#options.outbox.remove(clientId);
    this.#refreshPending();
  }

  /** Another tab changed the shared outbox: show its entries and help deliver them. */
  outboxChanged(): void {
    this.#refreshPending();
    void this.#delivery.flush();
  }

  /** The browser's online state changed. */
  networkChanged(): void {
    const { socket } = this.#options;
    if (socket.connected) return;
    this.#update({ connection: this.#isOnline() ? 'reconnecting' : 'offline' });
    if (this.#isOnline() && !this.#snapshot.isSignedOut) socket.connect();
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

  // ---------------------------------------------------------------- connection

  readonly #onConnect = () => {
    this.#update({ connection: 'connected' });
    this.#catchUp();
  };

  /** Asks for everything after what we hold: on each connect, and when the server says so. */
  #catchUp(): void {
    void this.#refreshRooms();
    // The room on screen first, then every other room we hold messages of.
    const shown = this.#snapshot.room;
    void this.#views.join(shown);
    for (const room of this.#views.loadedRooms()) if (room !== shown) void this.#views.join(room);
    void this.#delivery.flush();
  }

  readonly #onDisconnect = (reason: string) => {
    this.#update({ connection: this.#isOnline() ? 'reconnecting' : 'offline', presence: {} });
    this.#typing.forget();
    this.#typists.clearAll();
    // The server closed this socket on purpose (a sign-out, perhaps): Socket.IO will not
    // reconnect by itself, so try once; the handshake then says whether the session still holds.
    if (reason === 'io server disconnect') this.#options.socket.connect();
  };

  readonly #onConnectError = (error: Error) => {
    if (error.message === UNAUTHORIZED) {
      this.#update({ isSignedOut: true, connection: 'offline' });
      return;
    }
    this.#update({ connection: this.#isOnline() ? 'reconnecting' : 'offline' });
    // A handshake the server refused (too_many_connections, internal) is not retried by
    // Socket.IO itself; a network failure is (the socket stays active).
    const { socket } = this.#options;
    if (socket.active) return;
    this.#timers.clearTimeout(this.#handshakeTimer);
    this.#handshakeTimer = this.#timers.setTimeout(
      () => socket.connect(),
      HANDSHAKE_RETRY_MS + Math.random() * HANDSHAKE_RETRY_JITTER_MS,
    );
  };

  // ---------------------------------------------------------------- server events

  /** Every event the server sends, with what this client does on it: start and stop read it. */
  readonly #serverEvents: UntrustedServerEvents = {
    'message:new': (raw) => {
      const parsed = messageSchema.safeParse(raw);
      if (parsed.success) this.#onMessage(parsed.data);
    },
    'message:updated': (raw) => {
      const parsed = messageSchema.safeParse(raw);
      if (parsed.success) this.#views.applyUpdate(parsed.data);
    },
    'message:deleted': (raw) => {
      const parsed = messageDeletedSchema.safeParse(raw);
      if (parsed.success) this.#views.applyDelete(parsed.data.room, parsed.data.id);
    },
    'room:created': (raw) => {
      const parsed = roomSchema.safeParse(raw);
      if (parsed.success) this.#readState.add(parsed.data, false);
    },
    'room:read': (raw) => {
      const parsed = readMarkerSchema.safeParse(raw);
      if (!parsed.success) return;
      const { room, id } = parsed.data;
      this.#readState.applyRead(room, id, this.#loadedMessages(room));
    },
    'room:updated': (raw) => {
      const parsed = roomTopicSchema.safeParse(raw);
      if (parsed.success) this.applyTopic(parsed.data.room, parsed.data.topic);
    },
    presence: (raw) => {
      const parsed = presenceSchema.safeParse(raw);
      if (!parsed.success) return;
      const { room, users, count } = parsed.data;
      this.#update({ presence: { ...this.#snapshot.presence, [room]: { users, count } } });
    },
    typing: (raw) => {
      const parsed = typingEventSchema.safeParse(raw);
      if (!parsed.success || parsed.data.user === this.#options.user.name) return;
      this.#typists.set(parsed.data.room, parsed.data.user, parsed.data.typing);
    },
    // Another node stopped, or the fan-out between nodes was down: catch up as on a reconnect,
    // and re-read the recent past of each room held, which "after the newest id" can skip.
    'sync:required': () => {
      this.#catchUp();
      for (const room of this.#views.loadedRooms()) void this.#views.rereadRecent(room);
    },
  };

  #onMessage(message: Message): void {
    this.#typists.set(message.room, message.user, false);
    this.#readState.hear(message);
    if (this.#readState.summaryOf(message.room) === undefined) void this.#refreshRooms();
    else this.#count(message);
    this.#views.receive([message]);
    for (const listener of this.#liveListeners) listener(message);
    if (message.room === this.#snapshot.room && this.#isReading) {
      this.#markRead(message.room, message.id);
    }
  }

  // ---------------------------------------------------------------- read state

  async #refreshRooms(): Promise<void> {
    const heard = await this.#readState.refresh();
    if (heard === undefined) return;
    // What arrived while the list was being made and is newer than it still counts.
    for (const message of heard) this.#count(message);
    if (this.#isReading) this.setReading(true);
  }

  /** Counts a live message; one arriving unread in the room on screen places "New messages". */
  #count(message: Message): void {
    const lastReadId = this.#readState.summaryOf(message.room)?.lastReadId;
    if (!this.#readState.count(message) || message.room !== this.#snapshot.room) return;
    if (!this.#isReading && this.#snapshot.dividerAfterId === undefined) {
      this.#update({ dividerAfterId: lastReadId });
    }
  }

  #markRead(room: string, id: number): void {
    this.#readState.markRead(room, id, this.#loadedMessages(room));
  }

  /** The messages held of `room`, if its messages are held at all. */
  #loadedMessages(room: string): readonly Message[] | undefined {
    const view = this.#views.viewOf(room);
    return view.isLoaded ? view.messages : undefined;
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

  #isOnline(): boolean {
    return this.#options.isOnline?.() ?? true;
  }
}
