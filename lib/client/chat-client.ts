import {
  HISTORY_MAX_LIMIT,
  mentionsName,
  messageDeletedSchema,
  messageSchema,
  messageSendResultSchema,
  messageTextSchema,
  presenceSchema,
  readMarkerSchema,
  roomHistoryResultSchema,
  roomJoinResultSchema,
  roomListResultSchema,
  roomSchema,
  roomTopicSchema,
  TYPING_REFRESH_MS,
  typingEventSchema,
  UNAUTHORIZED,
  type AckError,
  type Message,
  type Room,
  type RoomSummary,
  type SearchResult,
  type User,
} from '../protocol';
import type { ChatClientSocket, UntrustedServerEvents } from './chat-socket-type';
import { applyDelete, applyUpdate, mergeMessages } from './message-log';
import type { Outbox, OutboxEntry } from './outbox';
import { REAL_TIMERS, TypingTracker, type Timers } from './typing-tracker';

export type { ChatClientSocket } from './chat-socket-type';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Everything the UI renders, as one immutable value that changes identity on every change. */
export interface ChatSnapshot {
  /** The room on screen. */
  room: string;
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

interface RoomView {
  messages: Message[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  isLoaded: boolean;
  error: AckError | undefined;
  /** The change position of the last join: catch-up asks for changes after it. */
  seq: number | undefined;
}

export type SearchOutcome = { results: SearchResult[]; hasMore: boolean } | { error: string };

const DEFAULT_ACK_TIMEOUT_MS = 10_000;
/** How far back `sync:required` re-reads a room it holds (see rereadRecent). */
const CATCH_UP_OVERLAP_MS = 30_000;
const INTERNAL_RETRY_MS = 2_000;
/** A refused handshake (too many connections, a storage fault) is retried after 3–5 s. */
const HANDSHAKE_RETRY_MS = 3_000;
const HANDSHAKE_RETRY_JITTER_MS = 2_000;
const emptyView = (): RoomView => ({
  messages: [],
  hasOlder: false,
  isLoadingOlder: false,
  isLoaded: false,
  error: undefined,
  seq: undefined,
});

/**
 * The chat as the browser sees it: one socket, the rooms the user belongs to, and the outbox.
 * Correctness rests on two things only: the server's ids (each room's list is ordered and
 * deduplicated by id, and a (re)connect asks for everything after the last id held) and the
 * clientId of each outbox entry (a retry of a stored message returns it instead of storing it
 * twice). Unread counts start from the server's (`room:list`) and follow live messages.
 */
export class ChatClient {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly liveListeners = new Set<(message: Message) => void>();
  private readonly views = new Map<string, RoomView>();
  private readonly joinGenerations = new Map<string, number>();
  /** Rooms whose first page is on its way: live messages for them are kept, not dropped. */
  private readonly loadingRooms = new Set<string>();
  private readonly typists: TypingTracker;
  private isFlushing = false;
  private isReading = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private handshakeTimer: unknown;
  private readonly timers: Timers;
  private typingSentAt: number | undefined;
  /** Live messages received while a `room:list` is on its way: re-counted on its answer. */
  private readonly heardDuringLists = new Set<Message[]>();
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: ChatClientOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.timers = options.timers ?? REAL_TIMERS;
    this.typists = new TypingTracker(
      () => this.update({ typing: this.typists.typingIn(this.snapshot.room) }),
      this.timers,
    );
    this.snapshot = {
      room: options.room,
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
    this.snapshot = { ...this.snapshot, pending: this.pendingEntries() };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ChatSnapshot => this.snapshot;

  /** Hears each message others send live (not history, not catch-up, not one's own sends). */
  readonly subscribeToLive = (listener: (message: Message) => void): (() => void) => {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  };

  /** Connects and starts delivering; safe to call again after `stop()`. */
  start(): void {
    const { socket } = this.options;
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('connect_error', this.onConnectError);
    forEachListener(this.serverEvents(), (event, listener) => socket.on(event, listener));
    socket.connect();
  }

  stop(): void {
    const { socket } = this.options;
    socket.off('connect', this.onConnect);
    socket.off('disconnect', this.onDisconnect);
    socket.off('connect_error', this.onConnectError);
    forEachListener(this.serverEvents(), (event, listener) => socket.off(event, listener));
    socket.disconnect();
    clearTimeout(this.retryTimer);
    this.timers.clearTimeout(this.handshakeTimer);
    this.typists.clearAll();
  }

  /** Every event the server sends, with what this client does on it: start and stop read it. */
  private serverEvents(): UntrustedServerEvents {
    return {
      'message:new': this.onMessage,
      'message:updated': this.onMessageUpdated,
      'message:deleted': this.onMessageDeleted,
      'room:created': this.onRoomCreated,
      'room:read': this.onRoomRead,
      'room:updated': this.onRoomUpdated,
      presence: this.onPresence,
      typing: this.onTyping,
      'sync:required': this.onSyncRequired,
    };
  }

  /** Puts `room` on screen; its messages load on first visit and stay live afterwards. */
  open(room: string): void {
    if (room === this.snapshot.room) return;
    this.stopTyping();
    this.isReading = false;
    const view = this.viewOf(room);
    const summary = this.summaryOf(room);
    this.update({
      room,
      ...this.activeFields(view),
      pending: this.pendingEntries(room),
      typing: this.typists.typingIn(room),
      dividerAfterId: summary !== undefined && summary.unread > 0 ? summary.lastReadId : undefined,
    });
    if (!view.isLoaded && this.options.socket.connected) void this.join(room);
  }

  /**
   * The UI says whether the user is reading the room on screen at its newest message (tab
   * visible, scrolled to the bottom); while they are, its messages count as read.
   */
  setReading(isReading: boolean): void {
    this.isReading = isReading;
    if (!isReading) return;
    const last = this.snapshot.messages.at(-1);
    if (last !== undefined) this.markRead(this.snapshot.room, last.id);
  }

  /** Queues `text` for sending; returns a reason when it is not a valid message. */
  send(text: string, replyTo?: number): string | undefined {
    const parsed = messageTextSchema.safeParse(text);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid message';
    this.options.outbox.add({
      clientId: this.newClientId(),
      room: this.snapshot.room,
      user: this.options.user.name,
      message: parsed.data,
      ...(replyTo === undefined ? {} : { replyTo }),
    });
    // The message itself tells the others this typing is over.
    this.typingSentAt = undefined;
    this.refreshPending();
    void this.flush();
    return undefined;
  }

  /** The composer's text changed: tell the room we are typing (throttled), or that we stopped. */
  noteTyping(hasText: boolean): void {
    if (!hasText) return this.stopTyping();
    const now = Date.now();
    if (this.typingSentAt !== undefined && now - this.typingSentAt < TYPING_REFRESH_MS) return;
    if (!this.options.socket.connected) return;
    this.typingSentAt = now;
    this.options.socket.volatile.emit('typing', { room: this.snapshot.room, typing: true });
  }

  /**
   * Loads older pages of the room on screen until message `id` is held (to jump to a reply's
   * parent or a search result); false when it is not there (deleted, or never was).
   */
  async loadUntil(id: number): Promise<boolean> {
    const { room } = this.snapshot;
    for (;;) {
      const view = this.viewOf(room);
      if (view.messages.some((message) => message.id === id)) return true;
      const oldest = view.messages[0];
      if (!view.isLoaded || oldest === undefined || oldest.id < id || !view.hasOlder) return false;
      const before = view.messages.length;
      await this.loadOlder();
      if (this.viewOf(room).messages.length === before || room !== this.snapshot.room) return false;
    }
  }

  retry(clientId: string): void {
    this.options.outbox.retry(clientId);
    this.refreshPending();
    void this.flush();
  }

  discard(clientId: string): void {
    this.options.outbox.remove(clientId);
    this.refreshPending();
  }

  /** Loads the page of messages before the oldest one held in the room on screen. */
  async loadOlder(): Promise<void> {
    const { room } = this.snapshot;
    const view = this.viewOf(room);
    const oldest = view.messages[0];
    if (oldest === undefined || view.isLoadingOlder || !view.hasOlder) return;
    this.patchView(room, { isLoadingOlder: true });
    try {
      const raw: unknown = await this.options.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck('room:history', { room, before: oldest.id });
      const result = roomHistoryResultSchema.safeParse(raw);
      if (result.success && result.data.ok) {
        this.receive(result.data.messages);
        this.patchView(room, { hasOlder: result.data.hasMore });
      }
    } catch {
      // No answer in time: scrolling up asks again.
    } finally {
      this.patchView(room, { isLoadingOlder: false });
    }
  }

  /** Another tab changed the shared outbox: show its entries and help deliver them. */
  outboxChanged(): void {
    this.refreshPending();
    void this.flush();
  }

  /** The browser's online state changed. */
  networkChanged(): void {
    const { socket } = this.options;
    if (socket.connected) return;
    this.update({ connection: this.isOnline() ? 'reconnecting' : 'offline' });
    if (this.isOnline() && !this.snapshot.isSignedOut) socket.connect();
  }

  // ---------------------------------------------------------------- socket events

  private readonly onConnect = () => {
    this.update({ connection: 'connected' });
    this.catchUp();
  };

  /** Asks for everything after what we hold: on each connect, and when the server says so. */
  private readonly catchUp = () => {
    void this.refreshRooms();
    // The room on screen first, then every other room we hold messages of.
    void this.join(this.snapshot.room);
    for (const [room, view] of this.views) {
      if (room !== this.snapshot.room && view.isLoaded) void this.join(room);
    }
    void this.flush();
  };

  /**
   * Another node stopped, or the fan-out between nodes was down: catch up as on a reconnect, and
   * re-read the recent past of each room held, which a catch-up "after the newest id" can skip.
   */
  private readonly onSyncRequired = () => {
    this.catchUp();
    for (const [room, view] of this.views) {
      if (view.isLoaded) void this.rereadRecent(room);
    }
  };

  private readonly onDisconnect = (reason: string) => {
    this.update({ connection: this.isOnline() ? 'reconnecting' : 'offline', presence: {} });
    this.typingSentAt = undefined;
    this.typists.clearAll();
    // The server closed this socket on purpose (a sign-out, perhaps): Socket.IO will not
    // reconnect by itself, so try once; the handshake then says whether the session still holds.
    if (reason === 'io server disconnect') this.options.socket.connect();
  };

  private readonly onConnectError = (error: Error) => {
    if (error.message === UNAUTHORIZED) {
      this.update({ isSignedOut: true, connection: 'offline' });
      return;
    }
    this.update({ connection: this.isOnline() ? 'reconnecting' : 'offline' });
    // A handshake the server refused (too_many_connections, internal) is not retried by
    // Socket.IO itself; a network failure is (the socket stays active).
    const { socket } = this.options;
    if (socket.active) return;
    this.timers.clearTimeout(this.handshakeTimer);
    this.handshakeTimer = this.timers.setTimeout(
      () => socket.connect(),
      HANDSHAKE_RETRY_MS + Math.random() * HANDSHAKE_RETRY_JITTER_MS,
    );
  };

  private readonly onMessage = (raw: unknown) => {
    const parsed = messageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    this.typists.set(message.room, message.user, false);
    for (const heard of this.heardDuringLists) heard.push(message);
    if (this.summaryOf(message.room) === undefined) void this.refreshRooms();
    else this.count(message);
    this.receive([message]);
    for (const listener of this.liveListeners) listener(message);
    if (message.room === this.snapshot.room && this.isReading) {
      this.markRead(message.room, message.id);
    }
  };

  private readonly onMessageUpdated = (raw: unknown) => {
    const parsed = messageSchema.safeParse(raw);
    if (parsed.success) this.applyUpdate(parsed.data);
  };

  private readonly onMessageDeleted = (raw: unknown) => {
    const parsed = messageDeletedSchema.safeParse(raw);
    if (parsed.success) this.applyDelete(parsed.data.room, parsed.data.id);
  };

  private readonly onRoomCreated = (raw: unknown) => {
    const parsed = roomSchema.safeParse(raw);
    if (parsed.success) this.addRoom(parsed.data, false);
  };

  private readonly onRoomRead = (raw: unknown) => {
    const parsed = readMarkerSchema.safeParse(raw);
    if (parsed.success) this.applyRead(parsed.data.room, parsed.data.id);
  };

  private readonly onRoomUpdated = (raw: unknown) => {
    const parsed = roomTopicSchema.safeParse(raw);
    if (parsed.success) this.applyTopic(parsed.data.room, parsed.data.topic);
  };

  private readonly onPresence = (raw: unknown) => {
    const parsed = presenceSchema.safeParse(raw);
    if (!parsed.success) return;
    const { room, users, count } = parsed.data;
    this.update({ presence: { ...this.snapshot.presence, [room]: { users, count } } });
  };

  private readonly onTyping = (raw: unknown) => {
    const parsed = typingEventSchema.safeParse(raw);
    if (!parsed.success || parsed.data.user === this.options.user.name) return;
    this.typists.set(parsed.data.room, parsed.data.user, parsed.data.typing);
  };

  // ---------------------------------------------------------------- rooms and read state

  private async refreshRooms(): Promise<void> {
    // Each request collects its own: two lists can be on their way at once (a reconnect while
    // a message from an unknown room asks for one).
    const heard: Message[] = [];
    this.heardDuringLists.add(heard);
    let raw: unknown;
    try {
      raw = await this.options.socket.timeout(this.ackTimeoutMs).emitWithAck('room:list', {});
    } catch {
      return;
    } finally {
      this.heardDuringLists.delete(heard);
    }
    const result = roomListResultSchema.safeParse(raw);
    if (!result.success || !result.data.ok) return;
    this.setRooms(result.data.rooms);
    // What arrived while the list was being made and is newer than it still counts.
    for (const message of heard) this.count(message);
    if (this.isReading) this.setReading(true);
  }

  /** Counts a live message into its room's unread numbers, once (ids only grow). */
  private count(message: Message): void {
    const summary = this.summaryOf(message.room);
    if (summary === undefined || message.id <= summary.lastId) return;
    const isOwn = message.user === this.options.user.name;
    const isCounted = summary.joined && !isOwn && message.id > summary.lastReadId;
    const mentionsMe = isCounted && mentionsName(message.message, this.options.user.name);
    this.patchRoom(message.room, {
      lastId: message.id,
      joined: true,
      unread: summary.unread + (isCounted ? 1 : 0),
      mentions: summary.mentions + (mentionsMe ? 1 : 0),
    });
    // Arrived while the user is not looking at it: "New messages" marks where that began.
    if (
      isCounted &&
      message.room === this.snapshot.room &&
      !this.isReading &&
      this.snapshot.dividerAfterId === undefined
    ) {
      this.update({ dividerAfterId: summary.lastReadId });
    }
  }

  private markRead(room: string, id: number): void {
    const summary = this.summaryOf(room);
    if (summary !== undefined && id <= summary.lastReadId) return;
    this.applyRead(room, id);
    this.options.socket.timeout(this.ackTimeoutMs).emit('room:read', { room, id }, () => {
      // Best effort: a lost marker is re-sent the next time the room is read.
    });
  }

  /** The user read `room` up to `id` (here or on another socket): recount what is left. */
  private applyRead(room: string, id: number): void {
    const summary = this.summaryOf(room);
    if (summary === undefined || id <= summary.lastReadId) return;
    const view = this.views.get(room);
    const me = this.options.user.name;
    let unread = 0;
    let mentions = 0;
    if (id < summary.lastId && view?.isLoaded === true) {
      for (const message of view.messages) {
        if (message.id <= id || message.user === me) continue;
        unread++;
        if (mentionsName(message.message, me)) mentions++;
      }
    } else if (id < summary.lastId) {
      // Messages we never loaded: keep the count, and let the next list correct it.
      unread = summary.unread;
      mentions = summary.mentions;
    }
    this.patchRoom(room, { lastReadId: id, unread, mentions });
  }

  /** Adds a room to the sidebar (a channel someone created, or a DM), or marks it joined. */
  addRoom(room: Room, joined: boolean): void {
    const existing = this.summaryOf(room.name);
    if (existing !== undefined) {
      if (joined && !existing.joined) this.patchRoom(room.name, { joined: true });
      return;
    }
    this.setRooms([
      ...this.snapshot.rooms,
      { ...room, joined, unread: 0, mentions: 0, lastReadId: 0, lastId: 0, topic: '' },
    ]);
  }

  private setRooms(rooms: RoomSummary[]): void {
    const me = this.options.user.name;
    const label = (room: RoomSummary) => room.members?.find((member) => member !== me) ?? room.name;
    const rank = (room: RoomSummary) => (room.kind === 'dm' ? 2 : room.name === 'general' ? 0 : 1);
    const sorted = [...rooms].sort(
      (a, b) => rank(a) - rank(b) || label(a).localeCompare(label(b), 'en'),
    );
    const totalUnread = sorted.reduce((sum, room) => sum + (room.joined ? room.unread : 0), 0);
    this.update({ rooms: sorted, totalUnread });
  }

  private patchRoom(room: string, patch: Partial<RoomSummary>): void {
    this.setRooms(
      this.snapshot.rooms.map((summary) =>
        summary.name === room ? { ...summary, ...patch } : summary,
      ),
    );
  }

  /** Shows a room's new topic (the server confirmed or announced it). */
  applyTopic(room: string, topic: string): void {
    this.patchRoom(room, { topic });
  }

  private summaryOf(room: string): RoomSummary | undefined {
    return this.snapshot.rooms.find((summary) => summary.name === room);
  }

  /** Shows a changed message (an edit or reaction the server confirmed) where it is held. */
  applyUpdate(message: Message): void {
    const view = this.views.get(message.room);
    if (view?.isLoaded !== true) return;
    const messages = applyUpdate(view.messages, message);
    if (messages !== view.messages) this.patchView(message.room, { messages });
  }

  private applyDelete(room: string, id: number): void {
    const view = this.views.get(room);
    const removed = view?.messages.find((message) => message.id === id);
    const summary = this.summaryOf(room);
    // A deleted message that was counted unread no longer is.
    if (removed !== undefined && summary !== undefined && id > summary.lastReadId) {
      const me = this.options.user.name;
      if (removed.user !== me) {
        this.patchRoom(room, {
          unread: Math.max(0, summary.unread - 1),
          mentions: Math.max(0, summary.mentions - (mentionsName(removed.message, me) ? 1 : 0)),
        });
      }
    }
    if (view?.isLoaded !== true) return;
    const messages = applyDelete(view.messages, id);
    if (messages !== view.messages) this.patchView(room, { messages });
  }

  /** Removes a message the server confirmed deleted, from whichever room holds it. */
  applyDeleted(id: number): void {
    for (const [room, view] of this.views) {
      if (view.messages.some((message) => message.id === id)) this.applyDelete(room, id);
    }
  }

  /**
   * The socket, failing an acknowledged emit after the ack timeout: for the requests made now and
   * then (occasional-requests.ts, loaded on first use), each typed by the contract.
   */
  withAckTimeout() {
    return this.options.socket.timeout(this.ackTimeoutMs);
  }

  private stopTyping(): void {
    if (this.typingSentAt === undefined) return;
    this.typingSentAt = undefined;
    if (this.options.socket.connected) {
      this.options.socket.volatile.emit('typing', { room: this.snapshot.room, typing: false });
    }
  }

  // ---------------------------------------------------------------- delivery

  /** Joins `room`, asking for everything after the last id held until caught up. */
  private async join(room: string): Promise<void> {
    const generation = (this.joinGenerations.get(room) ?? 0) + 1;
    this.joinGenerations.set(room, generation);
    const view = this.viewOf(room);
    const after = view.isLoaded ? view.messages.at(-1)?.id : undefined;
    const since = view.seq;
    if (after === undefined) this.loadingRooms.add(room);
    try {
      await this.joinPages(room, generation, after, since);
    } finally {
      if (generation === this.joinGenerations.get(room)) this.loadingRooms.delete(room);
    }
  }

  private async joinPages(
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
        raw = await this.options.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck('room:join', payload);
      } catch {
        return; // No answer: the next connect joins again.
      }
      if (generation !== this.joinGenerations.get(room)) return;
      const result = roomJoinResultSchema.safeParse(raw);
      if (!result.success) return;
      if (!result.data.ok) {
        this.patchView(room, { error: result.data.error });
        return;
      }
      const { changes, seq } = result.data;
      if (changes?.truncated === true) {
        // Too much changed while we were away: start the room over from its latest page.
        this.views.set(room, emptyView());
        if (room === this.snapshot.room) this.update(this.activeFields(emptyView()));
        return this.join(room);
      }
      for (const message of changes?.updated ?? []) this.applyUpdate(message);
      for (const id of changes?.deleted ?? []) this.applyDelete(room, id);
      this.receive(result.data.messages, room);
      this.patchView(room, { seq: Math.max(seq, this.viewOf(room).seq ?? 0) });
      // Joining made us a member: from now on this room's messages count as unread.
      if (this.summaryOf(room)?.joined === false) this.patchRoom(room, { joined: true });
      if (after === undefined) {
        this.patchView(room, { hasOlder: result.data.hasMore, error: undefined });
      }
      if (after === undefined || !result.data.hasMore) {
        if (room === this.snapshot.room && this.isReading) this.setReading(true);
        return;
      }
      after = this.viewOf(room).messages.at(-1)?.id;
    }
  }

  /**
   * Re-reads the last CATCH_UP_OVERLAP_MS of `room` (by the server's clock, back from the newest
   * message held), adding what is not held yet. With several nodes, a node can store a message
   * and die before broadcasting it while later ids from other nodes still arrive, so a catch-up
   * "after the newest id" skips it for good. The survivors say `sync:required` within seconds,
   * so the room's last half minute holds it; what is read twice merges away by id.
   */
  private async rereadRecent(room: string): Promise<void> {
    const newest = this.viewOf(room).messages.at(-1);
    if (newest === undefined) return;
    const cutoff = Date.parse(newest.createdAt) - CATCH_UP_OVERLAP_MS;
    let before = newest.id + 1;
    for (;;) {
      let raw: unknown;
      try {
        raw = await this.options.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck('room:history', { room, before, limit: HISTORY_MAX_LIMIT });
      } catch {
        return; // No answer: the next sync or reconnect tries again.
      }
      const result = roomHistoryResultSchema.safeParse(raw);
      if (!result.success || !result.data.ok) return;
      this.receive(result.data.messages);
      const oldest = result.data.messages[0];
      if (!result.data.hasMore || oldest === undefined) return;
      if (Date.parse(oldest.createdAt) < cutoff) return;
      before = oldest.id;
    }
  }

  /**
   * Sends the outbox, oldest first, one at a time: the server then assigns ids in the order
   * the user wrote. Stops when the connection drops; the next connect resumes it.
   */
  private async flush(): Promise<void> {
    if (this.isFlushing) return;
    this.isFlushing = true;
    try {
      while (this.options.socket.connected) {
        const entry = this.options.outbox
          .list()
          .find((candidate) => candidate.failure === undefined);
        if (entry === undefined) return;
        const outcome = await this.deliver(entry);
        if (outcome === 'wait') return;
      }
    } finally {
      this.isFlushing = false;
      this.refreshPending();
    }
  }

  private async deliver(entry: OutboxEntry): Promise<'next' | 'wait'> {
    const { outbox, socket } = this.options;
    let raw: unknown;
    try {
      raw = await socket.timeout(this.ackTimeoutMs).emitWithAck('message:send', {
        room: entry.room,
        user: entry.user,
        message: entry.message,
        clientId: entry.clientId,
        ...(entry.replyTo === undefined ? {} : { replyTo: entry.replyTo }),
      });
    } catch {
      // No ack in time: it may or may not be stored. Sending it again with the same
      // clientId is safe either way.
      return 'next';
    }
    const result = messageSendResultSchema.safeParse(raw);
    if (!result.success) {
      this.scheduleFlush(INTERNAL_RETRY_MS);
      return 'wait';
    }
    if (result.data.ok) {
      outbox.remove(entry.clientId);
      this.count(result.data.message);
      this.receive([result.data.message]);
      return 'next';
    }
    const { error } = result.data;
    if (error.code === 'rate_limited' || error.code === 'internal') {
      this.scheduleFlush(error.retryAfterMs ?? INTERNAL_RETRY_MS);
      return 'wait';
    }
    // The server will never accept this one as it is: keep it visible for retry or discard.
    outbox.markFailed(entry.clientId, error);
    this.refreshPending();
    return 'next';
  }

  private scheduleFlush(delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.flush(), delayMs);
  }

  /**
   * Adds stored messages to the rooms we hold (and to `loading`, the room whose first page this
   * is); settles outbox entries they confirm. Rooms never opened only count (see `count`).
   */
  private receive(incoming: readonly Message[], loading?: string): void {
    let hasSettled = false;
    const byRoom = new Map<string, Message[]>();
    for (const message of incoming) {
      if (message.user === this.options.user.name) {
        // Sent from this tab, another tab, or before a reload: stored now, so no longer pending.
        this.options.outbox.remove(message.clientId);
        hasSettled = true;
      }
      byRoom.set(message.room, [...(byRoom.get(message.room) ?? []), message]);
    }
    for (const [room, messages] of byRoom) {
      const view = this.viewOf(room);
      if (!view.isLoaded && room !== loading) {
        // Heard while the room's first page is on its way: it may have been stored after that
        // page was read (with several nodes, its broadcast can even overtake the page), so keep
        // it for the page to merge with. A room not being loaded keeps nothing: a lone message
        // would leave a gap below the page that loads later.
        if (this.loadingRooms.has(room)) {
          this.patchView(room, { messages: mergeMessages(view.messages, messages) });
        }
        continue;
      }
      this.patchView(room, { messages: mergeMessages(view.messages, messages), isLoaded: true });
    }
    if (loading !== undefined && !this.viewOf(loading).isLoaded) {
      this.patchView(loading, { isLoaded: true });
    }
    // Others' messages, the common case, leave the outbox alone: no storage read for them.
    if (hasSettled) this.refreshPending();
  }

  private viewOf(room: string): RoomView {
    let view = this.views.get(room);
    if (view === undefined) this.views.set(room, (view = emptyView()));
    return view;
  }

  private patchView(room: string, patch: Partial<RoomView>): void {
    const view = { ...this.viewOf(room), ...patch };
    this.views.set(room, view);
    if (room === this.snapshot.room) this.update(this.activeFields(view));
  }

  private activeFields(view: RoomView): Partial<ChatSnapshot> {
    return {
      messages: view.messages,
      hasOlder: view.hasOlder,
      isLoadingOlder: view.isLoadingOlder,
      roomError: view.error,
    };
  }

  private refreshPending(): void {
    this.update({ pending: this.pendingEntries() });
  }

  /** The outbox entries of `room`; `receive` removes each once its message is stored. */
  private pendingEntries(room = this.snapshot.room): OutboxEntry[] {
    return this.options.outbox.list().filter((entry) => entry.room === room);
  }

  private update(patch: Partial<ChatSnapshot>): void {
    // Outbox entries are re-read from storage each time: keep the old array when nothing
    // changed, so unrelated updates do not re-render the pending list.
    if (patch.pending !== undefined && samePending(patch.pending, this.snapshot.pending)) {
      patch = { ...patch, pending: this.snapshot.pending };
    }
    const keys = Object.keys(patch) as (keyof ChatSnapshot)[];
    if (keys.every((key) => patch[key] === this.snapshot[key])) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  private isOnline(): boolean {
    return this.options.isOnline?.() ?? true;
  }

  private newClientId(): string {
    return this.options.newClientId?.() ?? crypto.randomUUID();
  }
}

/** Visits each server event of `listeners` with its listener (typed per event by the contract). */
function forEachListener(
  listeners: UntrustedServerEvents,
  visit: (event: keyof UntrustedServerEvents, listener: (raw: unknown) => void) => void,
): void {
  const isEvent = (name: string): name is keyof UntrustedServerEvents =>
    Object.hasOwn(listeners, name);
  for (const event of Object.keys(listeners).filter(isEvent)) visit(event, listeners[event]);
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
