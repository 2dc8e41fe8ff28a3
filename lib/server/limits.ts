/**
 * Every limit's default, in one place that depends on nothing: the configuration reads them, the
 * web server passes them to the parts that enforce them (rate limiter, connection gate). The
 * README's "Limits" paragraph states the same numbers.
 */

/** Per-user `message:send` budget from the contract: a burst of 20, then 5 per second. */
export const SEND_RATE = { burst: 20, perSecond: 5 } as const;
/** Sign-ins per client address: a burst of 10, then one every 6 seconds. */
export const SESSION_RATE = { burst: 10, perSecond: 1 / 6 } as const;
/**
 * Password attempts per account name, from every address together: 10 failures, then one
 * more every 90 s (10 per 15 minutes). A right password gives its unit back.
 */
export const ACCOUNT_FAILURE_RATE = { burst: 10, perSecond: 10 / (15 * 60) } as const;
/** Channels per user: a burst of 5, then one a minute. Nobody needs more; spammers want more. */
export const CREATE_RATE = { burst: 5, perSecond: 1 / 60 } as const;

/** Uploads per person: a burst of 20 (an album), then one every 3 seconds. */
export const UPLOAD_RATE = { burst: 20, perSecond: 1 / 3 } as const;

export interface RateLimits {
  send: { burst: number; perSecond: number };
  session: { burst: number; perSecond: number };
  accountFailures: { burst: number; perSecond: number };
  create: { burst: number; perSecond: number };
  upload: { burst: number; perSecond: number };
}

export const DEFAULT_LIMITS: RateLimits = {
  send: SEND_RATE,
  session: SESSION_RATE,
  accountFailures: ACCOUNT_FAILURE_RATE,
  create: CREATE_RATE,
  upload: UPLOAD_RATE,
};

export interface ConnectionLimits {
  /** Open sockets one session (one signed-in browser) may hold: its tabs. */
  perSession: number;
  /** Open sockets from one client address: a crowd behind one NAT, or one attacker. */
  perAddress: number;
}

/**
 * Open sockets per session and per address. Many tabs of one browser are fine; thousands are an
 * attack on memory, as are thousands of sessions opened from one machine.
 */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { perSession: 32, perAddress: 1_000 };
