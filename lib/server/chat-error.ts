import type { AckError, ErrorCode } from '../protocol';

/** An expected refusal with a client-safe message; anything else a handler throws is `internal`. */
export class ChatError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    // A refusal is an answer, not a fault: nobody reads its stack. Capturing one was the biggest
    // single cost of refusing a flood of sends (~18 µs of ~60 per refusal).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  toAckError(): AckError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}
