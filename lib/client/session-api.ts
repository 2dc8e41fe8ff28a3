import { sessionResponseSchema, type SessionResponse } from '../protocol';

/** What the page learns from its session check before it shows anything. */
export type SessionCheck =
  | { kind: 'signed-in'; user: SessionResponse['user'] }
  | { kind: 'signed-out' }
  | { kind: 'unreachable' };

/**
 * The signed-in account of this browser, if any. Any refusal means "sign in": why it was
 * refused is the sign-in screen's business, which reads the error bodies (`http-failure.ts`).
 */
export async function fetchSession(): Promise<SessionCheck> {
  let response: Response;
  try {
    response = await fetch('/api/session', { cache: 'no-store' });
  } catch {
    return { kind: 'unreachable' };
  }
  const parsed = sessionResponseSchema.safeParse(await response.json().catch(() => null));
  return response.ok && parsed.success
    ? { kind: 'signed-in', user: parsed.data.user }
    : { kind: 'signed-out' };
}

/** Signs this device out; the account and everything it holds stay. */
export async function deleteSession(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
}
