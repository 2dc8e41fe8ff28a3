import type { Role } from '../../protocol-accounts';
import type { Account, AccountRecord, StoredPasskey } from './account-types';

/** An account row as both stores read it; timestamps are text in SQLite, Dates in PostgreSQL. */
export interface AccountRowOf<Time> {
  id: number;
  name: string;
  role: Role;
  password_hash: string | null;
  deactivated_at: Time | null;
  created_at: Time;
  last_seen_at: Time | null;
}

/** The one place an account row becomes an account. */
export function toAccountRecord<Time>(
  row: AccountRowOf<Time>,
  iso: (time: Time) => string,
): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    deactivated: row.deactivated_at !== null,
    hasPassword: row.password_hash !== null,
    passwordHash: row.password_hash ?? undefined,
    createdAt: iso(row.created_at),
    lastSeenAt: row.last_seen_at === null ? undefined : iso(row.last_seen_at),
  };
}

/** The account without its secret, for lists and admins. */
export function publicAccount(record: AccountRecord): Account {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    deactivated: record.deactivated,
    hasPassword: record.hasPassword,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
  };
}

/** Thrown inside a transaction to roll back a change that would leave no active admin. */
export class LastAdmin extends Error {
  constructor() {
    super('the server would have no active admin');
  }
}

/**
 * SQL that is true when the account in `column` is an integration, a bot or an incoming hook:
 * its messages carry `bot: true`, shown with a mark.
 */
export const isIntegrationSql = (column: string) =>
  `(EXISTS (SELECT 1 FROM bots WHERE user_id = ${column}) OR EXISTS (SELECT 1 FROM hooks WHERE user_id = ${column}))`;

/** The key messages are stored under for idempotency and authorship: the account, not its name. */
export function authorKey(userId: number): string {
  return `#${userId}`;
}

/** A passkey row as both stores read it; only their timestamp types differ. */
export interface PasskeyRow<Time> {
  id: string;
  user_id: number;
  public_key: Buffer;
  counter: number;
  transports: string;
  name: string;
  created_at: Time;
  last_used_at: Time | null;
}

/** Transports are stored as a JSON array of strings; anything else reads as none. */
function transportsOf(stored: string): string[] {
  const parsed: unknown = JSON.parse(stored);
  return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
}

/** A stored passkey from its row, `iso` turning the store's timestamps into ISO strings. */
export function toPasskey<Time>(row: PasskeyRow<Time>, iso: (time: Time) => string): StoredPasskey {
  return {
    id: row.id,
    userId: row.user_id,
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter,
    transports: transportsOf(row.transports),
    name: row.name,
    createdAt: iso(row.created_at),
    lastUsedAt: row.last_used_at === null ? undefined : iso(row.last_used_at),
  };
}
