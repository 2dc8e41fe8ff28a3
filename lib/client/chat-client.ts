import type { Socket } from 'socket.io-client';
import {
  messageSchema,
  messageSendResultSchema,
  messageTextSchema,
  roomHistoryResultSchema,
  roomJoinResultSchema,
  UNAUTHORIZED,
  type AckError,
  type ClientToServerEvents,
  type Message,
  type ServerToClientEvents,
  type User,
} from '../protocol';
import { mergeMessages } from './message-log';
import type { Outbox, OutboxEntry } from './outbox';

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Everything the UI renders, as one immutable value that changes identity on every change. */
export interface ChatSnapshot {
  room: string;
  connection: ConnectionState;
  isSignedOut: boolean;
  messages: Message[];
  /** This room's messages not yet acknowledged, in the order they were sent. */
  pending: OutboxEntry[];
  hasOlder: boolean;
  isLoadingOlder: boolean;
  roomError: AckError | undefined;
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
}

const DEFAULT_ACK_TIMEOUT_MS = 10_000;
const INTERNAL_RETRY_MS = 2_000;

/**
 * The chat as the browser sees it: one socket, one room's messages, and the outbox.
 * Correctness rests on two things only: the server's ids (the list is ordered and deduplicated
 * by id, and a (re)connect asks for everything after the last id held) and the clientId of each
 * outbox entry (a retry of a stored message returns it instead of storing it twice).
 */
export class ChatClient {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private isFlushing = false;
  private joinGeneration = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: ChatClientOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.snapshot = {
      room: options.room,
      connection: 'connecting',
      isSignedOut: false,
      messages: [],
      pending: [],
      hasOlder: false,
      isLoadingOlder: false,
      roomError: undefined,
    };
    this.snapshot = { ...this.snapshot, pending: this.pendingEntries() };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ChatSnapshot => this.snapshot;

  /** Connects and starts delivering; safe to call again after `stop()`. */
  start(): void {
    const { socket } = this.options;
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('connect_error', this.onConnectError);
    socket.on('message:new', this.onMessage);
    socket.connect();
  }

  stop(): void {
    const { socket } = this.options;
    socket.off('connect', this.onConnect);
    socket.off('disconnect', this.onDisconnect);
    socket.off('connect_error', this.onConnectError);
    socket.off('message:new', this.onMessage);
    socket.disconnect();
    clearTimeout(this.retryTimer);
  }

  /** Queues `text` for sending; returns a reason when it is not a valid message. */
  send(text: string): string | undefined {
    const parsed = messageTextSchema.safeParse(text);
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Invalid message';
    this.options.outbox.add({
      clientId: this.newClientId(),
      room: this.snapshot.room,
      user: this.options.user.name,
      message: parsed.data,
    });
    this.refreshPending();
    void this.flush();
    return undefined;
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

  /** Loads the page of messages before the oldest one held. */
  async loadOlder(): Promise<void> {
    const oldest = this.snapshot.messages[0];
    if (oldest === undefined || this.snapshot.isLoadingOlder || !this.snapshot.hasOlder) return;
    this.update({ isLoadingOlder: true });
    try {
      const raw: unknown = await this.options.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck('room:history', { room: this.snapshot.room, before: oldest.id });
      const result = roomHistoryResultSchema.safeParse(raw);
      if (result.success && result.data.ok) {
        this.receive(result.data.messages);
        this.update({ hasOlder: result.data.hasMore });
      }
    } catch {
      // No answer in time: the button stays, and the user can ask again.
    } finally {
      this.update({ isLoadingOlder: false });
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
    void this.join();
    void this.flush();
  };

  private readonly onDisconnect = (reason: string) => {
    this.update({ connection: this.isOnline() ? 'reconnecting' : 'offline' });
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
  };

  private readonly onMessage = (raw: unknown) => {
    const parsed = messageSchema.safeParse(raw);
    if (parsed.success) this.receive([parsed.data]);
  };

  // ---------------------------------------------------------------- delivery

  /** Joins the room, asking for everything after the last id held until caught up. */
  private async join(): Promise<void> {
    const generation = ++this.joinGeneration;
    const { room } = this.snapshot;
    let after = this.snapshot.messages.at(-1)?.id;
    for (;;) {
      let raw: unknown;
      try {
        raw = await this.options.socket
          .timeout(this.ackTimeoutMs)
          .emitWithAck('room:join', after === undefined ? { room } : { room, after });
      } catch {
        return; // No answer: the next connect joins again.
      }
      if (generation !== this.joinGeneration) return;
      const result = roomJoinResultSchema.safeParse(raw);
      if (!result.success) return;
      if (!result.data.ok) {
        this.update({ roomError: result.data.error });
        return;
      }
      this.receive(result.data.messages);
      if (after === undefined) {
        this.update({ hasOlder: result.data.hasMore, roomError: undefined });
        return;
      }
      if (!result.data.hasMore) return;
      after = this.snapshot.messages.at(-1)?.id;
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

  /** Adds stored messages of this room to the list; settles outbox entries they confirm. */
  private receive(incoming: readonly Message[]): void {
    const inRoom = incoming.filter((message) => message.room === this.snapshot.room);
    let hasSettled = false;
    for (const message of inRoom) {
      if (message.user !== this.options.user.name) continue;
      // Sent from this tab, another tab, or before a reload: stored now, so no longer pending.
      this.options.outbox.remove(message.clientId);
      hasSettled = true;
    }
    const messages = mergeMessages(this.snapshot.messages, inRoom);
    // Others' messages, the common case, leave the outbox alone: no storage read for them.
    if (hasSettled) this.update({ messages, pending: this.pendingEntries() });
    else if (messages !== this.snapshot.messages) this.update({ messages });
  }

  private refreshPending(): void {
    this.update({ pending: this.pendingEntries() });
  }

  /** This room's outbox entries; `receive` removes each once its message is stored. */
  private pendingEntries(): OutboxEntry[] {
    return this.options.outbox.list().filter((entry) => entry.room === this.snapshot.room);
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
