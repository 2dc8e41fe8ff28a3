import type { NotifyLevel } from '../../protocol';

/** A browser's push subscription keys (base64url), as `PushSubscription.toJSON()` gives them. */
export interface PushKeys {
  p256dh: string;
  auth: string;
}

/** One browser that may receive a push for a message, and how loud its owner wants the room. */
export interface PushTarget {
  endpoint: string;
  keys: PushKeys;
  userId: number;
  /** The owner's current name, to find mentions of them. */
  name: string;
  notify: NotifyLevel;
}

/**
 * Web-push subscriptions, one per browser, each belonging to the session (device) that made
 * it: ending the session ends its pushes. Also each account's do-not-disturb time.
 */
export interface PushStore {
  /** Stores the browser's subscription for the session; an endpoint seen before moves to it. */
  subscribe(sessionId: string, userId: number, endpoint: string, keys: PushKeys): Promise<void>;
  /** Ends this session's pushes. */
  unsubscribe(sessionId: string): Promise<void>;
  /** Forgets an endpoint the push service no longer knows (it answered 404 or 410). */
  forget(endpoint: string): Promise<void>;
  /** The account's sessions that receive pushes. */
  sessionsWithPush(userId: number): Promise<Set<string>>;
  /**
   * Every subscription of a live session of a member of `room` other than `exceptUserId`,
   * skipping deactivated accounts and those in do-not-disturb at `now`.
   */
  targets(room: string, exceptUserId: number, now: Date): Promise<PushTarget[]>;
  /** Holds the account's pushes until `until`; undefined lets them through again. */
  setDoNotDisturb(userId: number, until: Date | undefined): Promise<void>;
  /** The account's do-not-disturb time, ISO 8601, if one is set (past or not). */
  doNotDisturbUntil(userId: number): Promise<string | undefined>;
}

/** A target row as both stores read it. */
export interface PushTargetRow {
  endpoint: string;
  p256dh: string;
  auth: string;
  user_id: number | string;
  name: string;
  notify: NotifyLevel;
}

/** The one place a target row becomes a target. */
export function toPushTarget(row: PushTargetRow): PushTarget {
  return {
    endpoint: row.endpoint,
    keys: { p256dh: row.p256dh, auth: row.auth },
    userId: Number(row.user_id),
    name: row.name,
    notify: row.notify,
  };
}
