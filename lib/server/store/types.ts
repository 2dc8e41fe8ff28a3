import type { Message, Room, RoomKind, RoomSummary } from '../../protocol';

/** A message to store; the store assigns `id` and `createdAt`. */
export interface NewMessage {
  room: string;
  user: string;
  userKey: string;
  clientId: string;
  message: string;
}

/** A page of messages in ascending id order; `hasMore` says whether the query was cut short. */
export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface AppendResult {
  message: Message;
  /** False when (userKey, clientId) was already stored: `message` is the stored one. */
  created: boolean;
}

/**
 * Messages, behind an async interface so a PostgreSQL implementation can stand in.
 * Ids strictly increase in commit order.
 */
export interface MessageStore {
  /** Stores a message; a repeated (userKey, clientId) returns the stored one with `created: false`. */
  append(input: NewMessage): Promise<AppendResult>;
  findByClientId(userKey: string, clientId: string): Promise<Message | undefined>;
  latest(room: string, limit: number): Promise<MessagePage>;
  after(room: string, afterId: number, limit: number): Promise<MessagePage>;
  before(room: string, beforeId: number, limit: number): Promise<MessagePage>;
}

/** One holding of a name (see migration 2): who a session speaks for. */
export interface UserRef {
  id: number;
  name: string;
  /** `nameKey(name)`: what messages are stored under for idempotency and authorship. */
  key: string;
}

/** What access checks need to know about a room. */
export interface RoomRecord {
  name: string;
  kind: RoomKind;
  /** A DM's two user ids; channels are open to everyone signed in. */
  memberIds?: readonly [number, number];
  /** A DM's two names, sorted. */
  memberNames?: readonly [string, string];
}

export type CreateRoomResult = { ok: true; room: Room } | { ok: false; reason: 'conflict' };

/** Channels, DMs, who joined what, and how far each member has read. */
export interface RoomStore {
  get(room: string): Promise<RoomRecord | undefined>;
  createChannel(name: string): Promise<CreateRoomResult>;
  /** The DM of `a` and `b`, created on first use; both are members from the start. */
  openDm(a: UserRef, b: UserRef): Promise<Room>;
  /** Makes `userId` a member of `room` (a no-op when it already is). */
  join(room: string, userId: number): Promise<void>;
  /** The rooms whose messages reach `userId` wherever they are: joined channels and DMs. */
  memberRooms(userId: number): Promise<string[]>;
  /** Every channel and the user's DMs, with read state. */
  list(user: UserRef): Promise<RoomSummary[]>;
  /**
   * Moves the user's read marker forward to `id` (never back, never past the room's newest
   * message); returns the marker now stored.
   */
  markRead(room: string, user: UserRef, id: number): Promise<number>;
}

export interface Session {
  id: string;
  name: string;
  userId: number;
}

export type ClaimResult = { ok: true; session: Session } | { ok: false; reason: 'name_taken' };

/** Sessions hold display names: a name belongs to at most one live session at a time. */
export interface SessionStore {
  /** Claims `name` for a new session whose id is `id`, unless another live session holds it. */
  claim(id: string, name: string, nameKey: string): Promise<ClaimResult>;
  find(id: string): Promise<Session | undefined>;
  /** Marks the session as used now, which keeps its name from expiring. */
  touch(id: string): Promise<void>;
  release(id: string): Promise<void>;
  /** The user who holds `nameKey` now (through a live session), if anyone does. */
  findHolder(nameKey: string): Promise<UserRef | undefined>;
}

/** Checks that storage answers at all, for health probes. */
export interface StorageHealth {
  ping(): Promise<void>;
}

export interface Stores {
  messages: MessageStore;
  rooms: RoomStore;
  sessions: SessionStore;
  health: StorageHealth;
  /** Stops background work and closes storage. */
  close(): Promise<void>;
}
