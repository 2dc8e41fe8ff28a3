import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod/mini';
import type { HttpErrorCode } from '../../protocol-http-errors';
import type { RateLimiter } from '../rate-limiter';
import { BodyError, readJsonBody, sendError } from './respond';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One HTTP route: a method, a path pattern (its groups are the handler's params), a handler. */
export interface Route {
  method: Method;
  path: RegExp;
  /** The JSON body's schema, as the handler parses it: the OpenAPI document shows it. */
  body?: z.ZodMiniType;
  handle: (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;
}

/** An error a handler throws to answer with the contract's error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Answers `error` if it is an HttpError; false for anything else (a bug, rethrown). */
export function sendHttpError(res: ServerResponse, error: unknown): boolean {
  if (error instanceof HttpError) {
    if (error.retryAfterMs !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    }
    sendError(res, error.status, error.code, error.message);
    return true;
  }
  if (error instanceof BodyError) {
    sendError(res, error.status, 'invalid_payload', error.message);
    return true;
  }
  return false;
}

// A field's problem gets the field's code, so a form can show it beside that field.
const FIELD_CODES: Partial<Record<PropertyKey, HttpErrorCode>> = {
  name: 'invalid_name',
  password: 'invalid_password',
};

/** Reads the JSON body and parses it with `schema`; a bad one is a 400 naming what is wrong. */
export async function readBody<T>(req: IncomingMessage, schema: z.ZodMiniType<T>): Promise<T> {
  return parseBody(await readJsonBody(req), schema);
}

/** Parses a request's (already read) body with `schema`, as `readBody` does. */
export function parseBody<T>(body: unknown, schema: z.ZodMiniType<T>): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues.find((candidate) => {
    const field = candidate.path[0];
    return field !== undefined && FIELD_CODES[field] !== undefined;
  });
  const field = issue?.path[0];
  const code = field === undefined ? undefined : FIELD_CODES[field];
  if (issue !== undefined && code !== undefined) throw new HttpError(400, code, issue.message);
  const first = parsed.error.issues[0];
  const where = first === undefined || first.path.length === 0 ? '' : `${first.path.join('.')}: `;
  throw new HttpError(400, 'invalid_payload', `${where}${first?.message ?? 'Invalid body'}`);
}

/** Takes one unit from `limiter` for `key`, or throws `429 rate_limited`. */
export async function spend(
  limiter: RateLimiter,
  key: string,
  message: string,
  onLimited?: () => void,
): Promise<void> {
  const decision = await limiter.take(key);
  if (decision.ok) return;
  onLimited?.();
  throw new HttpError(429, 'rate_limited', message, decision.retryAfterMs);
}
