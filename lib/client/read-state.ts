import {
  DEFAULT_ROOM,
  mentionsName,
  roomListResultSchema,
  type Message,
  type Room,
  type RoomSummary,
} from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';

export interface ReadStateOptions {
  socket: ChatClientSocket;
  ackTimeoutMs: number;
  /** The user's name: their own messages are never unread. */
  me: string;
  /** The room list changed: the rooms in sidebar order, and the unread total over them. */
  onChange: (rooms: RoomSummary[], totalUnread: number) => void;
}

/**
 * The sidebar's rooms and how much of each the user has read: unread and mention counts start
 * from the server's (`room:list`), follow live messages and deletions, and drop when the user
 * reads a room here or on another device (`room:read`).
 */
export class ReadState {
  readonly #options: ReadStateOptions;
  #rooms: RoomSummary[] = [];
  /** Live messages received while a `room:list` is on its way: re-counted on its answer. */
  readonly #heardDuringLists = new Set<Message[]>();

  constructor(options: ReadStateOptions) {
    this.#options = options;
  }

  summaryOf(room: string): RoomSummary | undefined {
    return this.#rooms.find((summary) => summary.name === room);
  }

  /**
   * Asks the server for the room list. Resolves with the live messages heard while it was on
   * its way, which the caller counts again (they may be newer than the list); undefined when
   * there was no usable answer.
   */
  async refresh(): Promise<Message[] | undefined> {
    // Each request collects its own: two lists can be on their way at once (a reconnect while
    // a message from an unknown room asks for one).
    const heard: Message[] = [];
    this.#heardDuringLists.add(heard);
    let raw: unknown;
    try {
      const { socket, ackTimeoutMs } = this.#options;
      raw = await socket.timeout(ackTimeoutMs).emitWithAck('room:list', {});
    } catch {
      return undefined;
    } finally {
      this.#heardDuringLists.delete(heard);
    }
    const result = roomListResultSchema.safeParse(raw);
    if (!result.success || !result.data.ok) return undefined;
    this.#set(result.data.rooms);
    return heard;
  }

  /** A live message arrived: lists on their way will count it again once they answer. */
  hear(message: Message): void {
    for (const heard of this.#heardDuringLists) heard.push(message);
  }

  /**
   * Counts a live message into its room's unread numbers, once (ids only grow). True when it
   * is unread; false when it is the user's own, already read, or its room is not listed.
   */
  count(message: Message): boolean {
    const summary = this.summaryOf(message.room);
    if (summary === undefined || message.id <= summary.lastId) return false;
    const { me } = this.#options;
    const isCounted = summary.joined && message.user !== me && message.id > summary.lastReadId;
    this.patch(message.room, {
      lastId: message.id,
      joined: true,
      unread: summary.unread + (isCounted ? 1 : 0),
      mentions: summary.mentions + (isCounted && mentionsName(message.message, me) ? 1 : 0),
    });
    return isCounted;
  }

  /** The user read `room` up to `id` here: recount, and tell the server (and other devices). */
  markRead(room: string, id: number, loaded: readonly Message[] | undefined): void {
    const summary = this.summaryOf(room);
    if (summary !== undefined && id <= summary.lastReadId) return;
    this.applyRead(room, id, loaded);
    const { socket, ackTimeoutMs } = this.#options;
    socket.timeout(ackTimeoutMs).emit('room:read', { room, id }, () => {
      // Best effort: a lost marker is re-sent the next time the room is read.
    });
  }

  /**
   * The user read `room` up to `id` (here or on another socket): recount what is left from
   * `loaded`, the room's messages when they are held.
   */
  applyRead(room: string, id: number, loaded: readonly Message[] | undefined): void {
    const summary = this.summaryOf(room);
    if (summary === undefined || id <= summary.lastReadId) return;
    const { me } = this.#options;
    let unread = 0;
    let mentions = 0;
    if (id < summary.lastId && loaded !== undefined) {
      for (const message of loaded) {
        if (message.id <= id || message.user === me) continue;
        unread++;
        if (mentionsName(message.message, me)) mentions++;
      }
    } else if (id < summary.lastId) {
      // Messages we never loaded: keep the count, and let the next list correct it.
      unread = summary.unread;
      mentions = summary.mentions;
    }
    this.patch(room, { lastReadId: id, unread, mentions });
  }

  /** A message was deleted: if it was counted unread, it no longer is. */
  uncount(removed: Message): void {
    const summary = this.summaryOf(removed.room);
    const { me } = this.#options;
    if (summary === undefined || removed.id <= summary.lastReadId || removed.user === me) return;
    this.patch(removed.room, {
      unread: Math.max(0, summary.unread - 1),
      mentions: Math.max(0, summary.mentions - (mentionsName(removed.message, me) ? 1 : 0)),
    });
  }

  /** Adds a room to the list (a channel someone created, or a DM), or marks it joined. */
  add(room: Room, joined: boolean): void {
    const existing = this.summaryOf(room.name);
    if (existing !== undefined) {
      if (joined && !existing.joined) this.patch(room.name, { joined: true });
      return;
    }
    this.#set([
      ...this.#rooms,
      { ...room, joined, unread: 0, mentions: 0, lastReadId: 0, lastId: 0, topic: '' },
    ]);
  }

  patch(room: string, patch: Partial<RoomSummary>): void {
    this.#set(
      this.#rooms.map((summary) => (summary.name === room ? { ...summary, ...patch } : summary)),
    );
  }

  /** Sidebar order: the default room, other channels, then DMs, each by label. */
  #set(rooms: RoomSummary[]): void {
    const { me } = this.#options;
    const label = (room: RoomSummary) => room.members?.find((member) => member !== me) ?? room.name;
    const rank = (room: RoomSummary) =>
      room.kind === 'dm' ? 2 : room.name === DEFAULT_ROOM ? 0 : 1;
    this.#rooms = [...rooms].sort(
      (a, b) => rank(a) - rank(b) || label(a).localeCompare(label(b), 'en'),
    );
    const totalUnread = this.#rooms.reduce((sum, room) => sum + (room.joined ? room.unread : 0), 0);
    this.#options.onChange(this.#rooms, totalUnread);
  }
}
