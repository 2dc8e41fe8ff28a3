import { httpErrorSchema, sessionResponseSchema, type HttpErrorCode, type User } from '../protocol';

export type SessionResult =
  | { ok: true; user: User }
  | { ok: false; code: HttpErrorCode | 'unreachable'; message: string; retryAfterS?: number };

async function toResult(response: Response): Promise<SessionResult> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = sessionResponseSchema.safeParse(body);
    if (parsed.success) return { ok: true, user: parsed.data.user };
  }
  const error = httpErrorSchema.safeParse(body);
  if (!error.success)
    return { ok: false, code: 'internal', message: `Unexpected reply (${response.status})` };
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    ...error.data.error,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
  };
}

const unreachable = (): SessionResult => ({
  ok: false,
  code: 'unreachable',
  message: 'The server cannot be reached',
});

/** The signed-in user of this browser, or the reason there is none. */
export async function fetchSession(): Promise<SessionResult> {
  return fetch('/api/session', { cache: 'no-store' }).then(toResult, unreachable);
}

/** Claims `name` for this browser. */
export async function createSession(name: string, code?: string): Promise<SessionResult> {
  return fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(code === undefined || code === '' ? { name } : { name, code }),
  }).then(toResult, unreachable);
}

/** Signs out, releasing the name. */
export async function deleteSession(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
}
