import type { Message } from '../../protocol';

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

export interface RoomStore {
  exists(room: string): Promise<boolean>;
}

export interface Session {
  id: string;
  name: string;
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
