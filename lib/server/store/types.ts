import type { Role } from '../../protocol-accounts';
import type {
  AccountStore,
  PasskeyStore,
  SessionStore,
  SettingsStore,
  TokenStore,
} from './account-types';
import type { BotStore } from './bot-types';
import type { HookStore } from './hook-types';
import type { PushStore } from './push-types';
import type { WebhookStore } from './webhook-types';
import type {
  Changes,
  Message,
  NotifyLevel,
  Room,
  RoomKind,
  RoomSummary,
  SearchResult,
} from '../../protocol';

/** A message to store; the store assigns `id` and `createdAt`. */
export interface NewMessage {
  room: string;
  user: string;
  userKey: string;
  userId: number;
  clientId: string;
  message: string;
  /** The parent's id; the caller checked it is a live message of the same room. */
  replyTo?: number;
  /** Upload ids, in order: the insert claims each for this message, or stores nothing. */
  attachments?: readonly string[];
  /** The author is a bot or a hook: the message carries `bot: true`. */
  isBot?: boolean;
}

/**
 * `append` rejects with this when an upload it was to attach is not the author's to send (not
 * theirs, already sent, or removed): then no message is stored.
 */
export class AttachmentsUnavailable extends Error {
  constructor() {
    super('an attachment is not the author’s unsent upload');
  }
}

/** A stored message with what authorization needs to know about it. */
export interface StoredMessage {
  message: Message;
  /** The author's user id (undefined for messages stored before users existed). */
  userId: number | undefined;
  isDeleted: boolean;
}

export interface SearchPage {
  results: SearchResult[];
  hasMore: boolean;
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
  get(id: number): Promise<StoredMessage | undefined>;
  /** Replaces the text; returns the message as it is now. */
  edit(id: number, text: string): Promise<Message>;
  /** Forgets the text (and the reactions) for good; the id stays taken. */
  remove(id: number): Promise<void>;
  /** Adds or takes back `user`'s `emoji` on the message; returns the message as it is now. */
  react(id: number, emoji: string, user: UserRef, on: boolean): Promise<Message>;
  /** The latest change sequence: every edit, delete and reaction takes the next one. */
  currentSeq(): Promise<number>;
  /** Edits, reactions and deletes after `since` among messages of `room` with `id <= upToId`. */
  changesSince(room: string, upToId: number, since: number, limit: number): Promise<Changes>;
  /** Messages matching `query` in rooms `userId` can read (or in `room`), newest first. */
  search(
    userId: number,
    query: string,
    options: { room?: string; before?: number; limit: number },
  ): Promise<SearchPage>;
  /** Group commits of new messages so far and the CPU they took (SQLite; for `/metrics`). */
  commitTotals?(): CommitTotals;
}

export interface CommitTotals {
  commits: number;
  cpuMicros: number;
}

/** Who a socket speaks for: an account and its current name. */
export interface UserRef {
  id: number;
  name: string;
  /** `authorKey(id)`: what messages are stored under for idempotency and authorship. */
  key: string;
  /** A bot or a hook: its messages are marked. */
  isBot?: boolean;
}

/** What access checks need to know about a room. */
export interface RoomRecord {
  name: string;
  kind: RoomKind;
  /** Only members may list, read, join or write it: private channels, and every DM. */
  isPrivate: boolean;
  /** Read-only for everyone (channels only). */
  archived: boolean;
  /** Who made a channel; absent for DMs, #general and channels made before accounts. */
  createdBy?: number;
  /** A DM's members' ids (fixed), each at the index of its name in `memberNames`. */
  memberIds?: readonly number[];
  /** A DM's members' names, sorted. */
  memberNames?: readonly string[];
}

export type CreateRoomResult = { ok: true; room: Room } | { ok: false; reason: 'conflict' };

export interface NewChannel {
  name: string;
  isPrivate: boolean;
  topic: string;
  /** The creator, who becomes its first member. */
  createdBy: number;
}

/** A member of a room, with the account's role (for who may remove others). */
export interface RoomMember {
  userId: number;
  name: string;
  role: Role;
}

/** Channels, DMs, who joined what, and how far each member has read. */
export interface RoomStore {
  get(room: string): Promise<RoomRecord | undefined>;
  /** Stores the channel with its creator as first member; `conflict` when the name is taken. */
  createChannel(channel: NewChannel): Promise<CreateRoomResult>;
  /** The DM of exactly these people (2 or more), created on first use with them all as members. */
  openDm(members: readonly UserRef[]): Promise<Room>;
  /** Makes `userId` a member of `room` (a no-op when it already is). */
  join(room: string, userId: number): Promise<void>;
  /** Ends `userId`'s membership of `room`; false when they were not a member. */
  leave(room: string, userId: number): Promise<boolean>;
  isMember(room: string, userId: number): Promise<boolean>;
  /** The room's members, by name. */
  members(room: string): Promise<RoomMember[]>;
  /** Archives a channel (read-only) or brings it back. */
  setArchived(room: string, archived: boolean): Promise<void>;
  /** The user's notification level of `room`; makes them a member of a public channel. */
  setNotify(room: string, userId: number, level: NotifyLevel): Promise<void>;
  /** The rooms whose messages reach `userId` wherever they are: joined channels and DMs. */
  memberRooms(userId: number): Promise<string[]>;
  /** Every public channel, and the private channels and DMs the user is a member of. */
  list(user: UserRef): Promise<RoomSummary[]>;
  /**
   * Moves the user's read marker forward to `id` (never back, never past the room's newest
   * message); returns the marker now stored.
   */
  markRead(room: string, user: UserRef, id: number): Promise<number>;
  /** Sets the room's topic (empty clears it). */
  setTopic(room: string, topic: string): Promise<void>;
  /** Tells this node's room records that an account's name changed (its DMs name it). */
  renamed(userId: number, name: string): void;
}

/** Checks that storage answers at all, for health probes. */
export interface StorageHealth {
  ping(): Promise<void>;
}

/** An upload as `POST /api/uploads` stores it, before any message claims it. */
export interface NewUpload {
  /** 128 random bits, base64url: also its key in file storage. */
  id: string;
  userId: number;
  name: string;
  size: number;
  type: string;
  width?: number;
  height?: number;
  /** The thumbnail's bytes, for images that have one. */
  thumbnailSize?: number;
}

export interface StoredUpload extends NewUpload {
  createdAt: string;
  /** The message that carries it; absent while unsent. */
  messageId?: number;
  /** That message's room. */
  room?: string;
}

/** What storage holds of a removed upload: its bytes are to be deleted. */
export interface RemovedUpload {
  id: string;
  hasThumbnail: boolean;
}

/**
 * Uploads and which message carries each. A message claims its uploads in `MessageStore.append`;
 * deleting it (`MessageStore.remove`) marks them removed in the same transaction.
 */
export interface UploadStore {
  create(upload: NewUpload): Promise<void>;
  /** The upload, unless it is unknown or removed. */
  get(id: string): Promise<StoredUpload | undefined>;
  /** Marks uploads that nobody sent and that were made before `cutoff` as removed. */
  expireUnsent(cutoff: Date): Promise<void>;
  /** Removed uploads (at most `limit`), whose bytes may still be in file storage. */
  removed(limit: number): Promise<RemovedUpload[]>;
  /** Forgets removed uploads for good, once their bytes are deleted. */
  forget(ids: readonly string[]): Promise<void>;
}

export interface Stores {
  messages: MessageStore;
  uploads: UploadStore;
  rooms: RoomStore;
  accounts: AccountStore;
  sessions: SessionStore;
  tokens: TokenStore;
  passkeys: PasskeyStore;
  settings: SettingsStore;
  push: PushStore;
  bots: BotStore;
  hooks: HookStore;
  webhooks: WebhookStore;
  health: StorageHealth;
  /** Stops background work and closes storage. */
  close(): Promise<void>;
}
