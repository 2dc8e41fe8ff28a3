import { httpErrorSchema, sessionResponseSchema, type HttpErrorCode, type User } from '../protocol';

export type HttpFailure = {
  ok: false;
  code: HttpErrorCode | 'unreachable';
  message: string;
  retryAfterS?: number;
};
export type SessionResult = { ok: true; user: User } | HttpFailure;

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

/** The signed-in account of this browser, or the reason there is none. */
export async function fetchSession(): Promise<SessionResult> {
  return fetch('/api/session', { cache: 'no-store' }).then(toSessionResult, unreachable);
}

/** Signs this device out; the account and everything it holds stay. */
export async function deleteSession(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
}
