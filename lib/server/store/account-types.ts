import type { Role } from '../../protocol-accounts';

/** An account as admins and the account itself see it. */
export interface Account {
  id: number;
  name: string;
  role: Role;
  deactivated: boolean;
  hasPassword: boolean;
  createdAt: string;
  /** When one of its sessions was last used; undefined if it never signed in. */
  lastSeenAt: string | undefined;
}

/** An account with what signing in checks against. */
export interface AccountRecord extends Account {
  /** An argon2id PHC string; undefined for an account without a password. */
  passwordHash: string | undefined;
}

export interface NewAccount {
  name: string;
  /** `nameKey(name)`: names are unique by it across every account, active or not. */
  key: string;
  passwordHash: string;
}

export type NameTaken = { ok: false; reason: 'name_taken' };
export type AccountChange = { role?: Role; deactivated?: boolean };
export type ChangeResult =
  { ok: true; account: Account } | { ok: false; reason: 'not_found' | 'last_admin' };

/** People: names, passwords, roles. One account is one person on all their devices. */
export interface AccountStore {
  /**
   * Makes an account. It is an admin when the server has no active admin (decided in the same
   * transaction, so two racing first accounts do not both become one).
   */
  create(input: NewAccount): Promise<{ ok: true; account: Account } | NameTaken>;
  get(id: number): Promise<AccountRecord | undefined>;
  findByKey(key: string): Promise<AccountRecord | undefined>;
  /** Every account, oldest first. */
  list(): Promise<Account[]>;
  hasActiveAdmin(): Promise<boolean>;
  /** Renames the account; its messages and reactions show the new name from now on. */
  rename(id: number, name: string, key: string): Promise<{ ok: true } | NameTaken>;
  setPassword(id: number, passwordHash: string): Promise<void>;
  /**
   * Changes role or activation; refuses to leave the server without an active admin. A
   * deactivated account also loses every session.
   */
  update(id: number, change: AccountChange): Promise<ChangeResult>;
}

/** Who a live session speaks for. */
export interface SessionUser {
  sessionId: string;
  userId: number;
  name: string;
  role: Role;
  /** A bot's token, not a person's sign-in. */
  isBot: boolean;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  device: string;
}

/** Sessions: one per signed-in device, many per account; ids are hashes of the cookies. */
export interface SessionStore {
  create(id: string, userId: number, device: string): Promise<void>;
  /** The session's account, unless the session is unknown, idle too long, or deactivated. */
  find(id: string): Promise<SessionUser | undefined>;
  /** Marks the session (and its account) as used now; keeps the session from expiring. */
  touch(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** The account's live sessions, most recently used first. */
  list(userId: number): Promise<SessionInfo[]>;
  /** Ends every session of the account except `keep`. */
  removeAll(userId: number, keep?: string): Promise<void>;
}

export type TokenKind = 'link' | 'recovery' | 'passkey_register' | 'passkey_signin';

/** One-time tokens, stored by hash: device-link codes, recovery links, passkey challenges. */
export interface TokenStore {
  issue(
    hash: string,
    kind: TokenKind,
    userId: number | undefined,
    expiresAt: number,
  ): Promise<void>;
  /**
   * Uses a token up: it works once, and only before it expires. Resolves with the account it
   * was issued for (`userId` undefined for one issued to nobody), or undefined.
   */
  consume(
    hash: string,
    kind: TokenKind,
  ): Promise<{ userId: number | undefined; expiresAt: number } | undefined>;
  /** Forgets every unused token of one kind for the account (a new recovery link replaces). */
  revoke(userId: number, kind: TokenKind): Promise<void>;
}

export interface NewPasskey {
  /** The credential id, base64url. */
  id: string;
  userId: number;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
}

export interface StoredPasskey extends NewPasskey {
  createdAt: string;
  lastUsedAt: string | undefined;
}

export interface PasskeyStore {
  add(passkey: NewPasskey): Promise<void>;
  find(id: string): Promise<StoredPasskey | undefined>;
  list(userId: number): Promise<StoredPasskey[]>;
  /** Removes one of the account's passkeys; false if it has no such passkey. */
  remove(userId: number, id: string): Promise<boolean>;
  markUsed(id: string, counter: number): Promise<void>;
}

/** Server-wide settings that admins change (`invite_code`, `registration`). */
export interface SettingsStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key has one; resolves with the value now stored. */
  setIfAbsent(key: string, value: string): Promise<string>;
}
