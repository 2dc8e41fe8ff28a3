import type { NameTaken } from './account-types';

/** An incoming webhook: a URL that posts to one channel as the hook's own account. */
export interface Hook {
  id: number;
  /** The account it posts as. */
  userId: number;
  name: string;
  room: string;
  deactivated: boolean;
  createdAt: string;
}

export interface NewHook {
  name: string;
  key: string;
  room: string;
  /** The SHA-256 of the secret in its URL. */
  secretHash: string;
}

/** Incoming webhooks. A hook's account has no password and no session: only its URL posts. */
export interface HookStore {
  /** Makes the hook's account and the hook, in one transaction. */
  create(input: NewHook): Promise<{ ok: true; hook: Hook } | NameTaken>;
  list(): Promise<Hook[]>;
  /** The live hook whose secret hashes to `secretHash`. */
  findBySecret(secretHash: string): Promise<Hook | undefined>;
}

export interface HookRowOf<Time> {
  id: number | string;
  user_id: number | string;
  name: string;
  room: string;
  deactivated_at: Time | null;
  created_at: Time;
}

/** The one place a hook row becomes a hook. */
export function toHook<Time>(row: HookRowOf<Time>, iso: (time: Time) => string): Hook {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    name: row.name,
    room: row.room,
    deactivated: row.deactivated_at !== null,
    createdAt: iso(row.created_at),
  };
}

export const HOOK_SELECT = `SELECT h.id, h.user_id, u.name, h.room, u.deactivated_at, h.created_at
  FROM hooks h JOIN users u ON u.id = h.user_id`;
