import type { AckError, ErrorCode } from '../protocol';

/** An expected refusal with a client-safe message; anything else a handler throws is `internal`. */
export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toAckError(): AckError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}
