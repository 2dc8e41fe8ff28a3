/**
 * A refused or failed HTTP call as the account screens show it: the contract's error body, or
 * "unreachable". Loaded with those screens; the chat's first page only checks its session.
 */
import { httpErrorSchema, type HttpErrorCode } from '../protocol-http-errors';
import { sessionResponseSchema, type SessionResponse } from '../protocol';

export type HttpFailure = {
  ok: false;
  code: HttpErrorCode | 'unreachable';
  message: string;
  retryAfterS?: number;
};
export type SessionResult = { ok: true; user: SessionResponse['user'] } | HttpFailure;

/** The contract's error body as a failure (or "internal" for a reply that is not one). */
export async function failureOf(response: Response, body?: unknown): Promise<HttpFailure> {
  const raw: unknown = body ?? (await response.json().catch(() => null));
  const error = httpErrorSchema.safeParse(raw);
  if (!error.success)
    return { ok: false, code: 'internal', message: `Unexpected reply (${response.status})` };
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    ...error.data.error,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
  };
}

/** Reads a sign-in's answer: the account it signed in as, or why not. */
export async function toSessionResult(response: Response): Promise<SessionResult> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = sessionResponseSchema.safeParse(body);
    if (parsed.success) return { ok: true, user: parsed.data.user };
  }
  return failureOf(response, body);
}

export const unreachable = (): HttpFailure => ({
  ok: false,
  code: 'unreachable',
  message: 'The server cannot be reached',
});
