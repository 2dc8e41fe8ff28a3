import {
  DEFAULT_ROOM,
  mentionsName,
  roomListResultSchema,
  type Message,
  type Room,
  type RoomSummary,
} from '../protocol';
import type { ChatClientSocket } from './chat-socket-type';
import type { ChatSnapshot } from './chat-snapshot';
import { isOwn, type Identity } from './identity';
import type { RoomView } from './room-views';

export interface ReadStateOptions {
  socket: ChatClientSocket;
  ackTimeoutMs: number;
  /** The signed-in account: its own messages are never unread. */
  me: Identity;
  /** What is held of `room` (room-views.ts). */
  viewOf: (room: string) => Pick<RoomView, 'messages' | 'isLoaded'>;
  /** The room list (in sidebar order, with the unread total) or the divider changed. */
  onChange: (
    patch: Partial<Pick<ChatSnapshot, 'rooms' | 'totalUnread' | 'dividerAfterId'>>,
  ) => void;
}

/**
 * The sidebar's rooms and how much of each the user has read: unread and mention counts start
 * from the server's (`room:list`), follow live messages and deletions, and drop when the user
 * reads a room here or on another device (`room:read`). The room on screen counts as read while
 * the user is reading it (at its newest message, tab visible); "New messages" marks where what
 * they have not read begins.
 */
export class ReadState {
  readonly #options: ReadStateOptions;
  #rooms: RoomSummary[] = [];
  /** Live messages received while a `room:list` is on its way: re-counted on its answer. */
  readonly #heardDuringLists = new Set<Message[]>();
  #shown: string;
  #isReading = false;
  #dividerAfterId: number | undefined;

  constructor(options: ReadStateOptions, shown: string) {
    this.#options = options;
    this.#shown = shown;
  }

  /** `room` is now on screen, not read yet. Returns where its "New messages" goes. */
  show(room: string): number | undefined {
    this.#shown = room;
    this.#isReading = false;
    const summary = this.summaryOf(room);
    this.#dividerAfterId =
      summary !== undefined && summary.unread > 0 ? summary.lastReadId : undefined;
    return this.#dividerAfterId;
  }

  /** Whether the user reads the room on screen at its newest message; if so, it is read. */
  setReading(isReading: boolean): void {
    this.#isReading = isReading;
    const last = this.#options.viewOf(this.#shown).messages.at(-1);
    if (isReading && last !== undefined) this.#markRead(this.#shown, last.id);
  }

  /** A message arrived live: count it (or learn its new room), and read it if it is watched. */
  receiveLive(message: Message): void {
    for (const heard of this.#heardDuringLists) heard.push(message);
    if (this.summaryOf(message.room) === undefined) void this.refresh();
    else this.count(message);
    if (message.room === this.#shown && this.#isReading) this.#markRead(message.room, message.id);
  }

  /** A join of `room` answered: it made the user a member, and may bring what they read. */
  joined(room: string, isCaughtUp: boolean): void {
    // Joining made us a member: from now on this room's messages count as unread.
    if (this.summaryOf(room)?.joined === false) this.patch(room, { joined: true });
    if (isCaughtUp && room === this.#shown && this.#isReading) this.setReading(true);
  }

  summaryOf(room: string): RoomSummary | undefined {
    return this.#rooms.find((summary) => summary.name === room);
  }

  /** Asks the server for the room list (on each connect, and for a room it does not know). */
  async refresh(): Promise<void> {
    // Each request collects its own: two lists can be on their way at once (a reconnect while
    // a message from an unknown room asks for one).
    const heard: Message[] = [];
    this.#heardDuringLists.add(heard);
    let raw: unknown;
    try {
      const { socket, ackTimeoutMs } = this.#options;
      raw = await socket.timeout(ackTimeoutMs).emitWithAck('room:list', {});
    } catch {
      return;
    } finally {
      this.#heardDuringLists.delete(heard);
    }
    const result = roomListResultSchema.safeParse(raw);
    if (!result.success || !result.data.ok) return;
    this.#set(result.data.rooms);
    // What arrived while the list was being made and is newer than it still counts.
    for (const message of heard) this.count(message);
    if (this.#isReading) this.setReading(true);
  }

  /**
   * Counts a stored message into its room's unread numbers, once (ids only grow). One arriving
   * unread in the room on screen while the user is not reading places "New messages".
   */
  count(message: Message): void {
    const summary = this.summaryOf(message.room);
    if (summary === undefined || message.id <= summary.lastId) return;
    const { me } = this.#options;
    const isMention = mentionsName(message.message, me.name);
    // The room's level decides: `mentions` counts only mentions, `none` nothing at all.
    const isCounted =
      summary.joined &&
      !isOwn(message, me) &&
      message.id > summary.lastReadId &&
      (summary.notify === 'all' || (isMention && summary.notify === 'mentions'));
    const add = isCounted ? 1 : 0;
    this.patch(message.room, {
      lastId: message.id,
      joined: true,
      unread: summary.unread + add,
      mentions: summary.mentions + (isMention ? add : 0),
    });
    if (isCounted && message.room === this.#shown && !this.#isReading) {
      if (this.#dividerAfterId !== undefined) return;
      this.#dividerAfterId = summary.lastReadId;
      this.#options.onChange({ dividerAfterId: summary.lastReadId });
    }
  }

  /** The user read `room` up to `id` here: recount, and tell the server (and other devices). */
  #markRead(room: string, id: number): void {
    const summary = this.summaryOf(room);
    if (summary !== undefined && id <= summary.lastReadId) return;
    this.applyRead(room, id);
    const { socket, ackTimeoutMs } = this.#options;
    socket.timeout(ackTimeoutMs).emit('room:read', { room, id }, () => {
      // Best effort: a lost marker is re-sent the next time the room is read.
    });
  }

  /** The user read `room` up to `id` (here or on another socket): recount what is left. */
  applyRead(room: string, id: number): void {
    const summary = this.summaryOf(room);
    if (summary === undefined || id <= summary.lastReadId) return;
    const { me, viewOf } = this.#options;
    const view = viewOf(room);
    const loaded = view.isLoaded ? view.messages : undefined;
    let unread = 0;
    let mentions = 0;
    if (id < summary.lastId && loaded !== undefined) {
      for (const message of loaded) {
        if (message.id <= id || isOwn(message, me) || summary.notify === 'none') continue;
        const isMention = mentionsName(message.message, me.name);
        if (summary.notify === 'mentions' && !isMention) continue;
        unread++;
        if (isMention) mentions++;
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
    if (summary === undefined || removed.id <= summary.lastReadId || isOwn(removed, me)) return;
    this.patch(removed.room, {
      unread: Math.max(0, summary.unread - 1),
      mentions: Math.max(0, summary.mentions - (mentionsName(removed.message, me.name) ? 1 : 0)),
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
      {
        ...room,
        joined,
        unread: 0,
        mentions: 0,
        lastReadId: 0,
        lastId: 0,
        topic: '',
        notify: 'all',
      },
    ]);
  }

  /** Changes one room's summary: never its name, kind or members, so its place holds. */
  patch(room: string, patch: Partial<Omit<RoomSummary, 'name' | 'kind' | 'members'>>): void {
    this.#publish(
      this.#rooms.map((summary) => (summary.name === room ? { ...summary, ...patch } : summary)),
    );
  }

  /** Sidebar order: the default room, other channels, then DMs, each by label. */
  /** A DM partner (or this account) has a new name: the DMs that name them say so. */
  renamed(from: string, to: string): void {
    if (!this.#rooms.some((room) => room.members?.includes(from) === true)) return;
    this.#set(
      this.#rooms.map((room) =>
        room.members?.includes(from) === true
          ? { ...room, members: room.members.map((member) => (member === from ? to : member)) }
          : room,
      ),
    );
  }

  #set(rooms: RoomSummary[]): void {
    const { me } = this.#options;
    const label = (room: RoomSummary) =>
      room.members?.find((member) => member !== me.name) ?? room.name;
    const rank = (room: RoomSummary) =>
      room.kind === 'dm' ? 2 : room.name === DEFAULT_ROOM ? 0 : 1;
    this.#publish(
      [...rooms].sort((a, b) => rank(a) - rank(b) || label(a).localeCompare(label(b), 'en')),
    );
  }

  // Every live message patches its room: that path only maps the list, it does not sort it.
  #publish(rooms: RoomSummary[]): void {
    this.#rooms = rooms;
    const totalUnread = rooms.reduce((sum, room) => sum + (room.joined ? room.unread : 0), 0);
    this.#options.onChange({ rooms, totalUnread });
  }
}
