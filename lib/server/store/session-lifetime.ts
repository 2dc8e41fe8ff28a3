/** How long sessions live, the same for every store. */

/** A session nobody has used for this long no longer holds its name. */
export const SESSION_IDLE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * How stale `last_seen_at` may get before a use writes it again. Every write is an fsync; against
 * a 30-day expiry, an hour of precision costs nothing, and a reconnect storm writes nothing.
 */
export const TOUCH_EVERY_MS = 60 * 60 * 1000;
