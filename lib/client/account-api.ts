import type * as z from 'zod/mini';
import type { AccountCreate, SignIn } from '../protocol-accounts';
import {
  failureOf,
  toSessionResult,
  unreachable,
  type HttpFailure,
  type SessionResult,
} from './http-failure';

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** Signs in one of the contract's four ways (password, link code, recovery, passkey). */
export function signIn(body: SignIn): Promise<SessionResult> {
  return fetch('/api/session', json('POST', body)).then(toSessionResult, unreachable);
}

/** Makes an account and signs this browser in as it. */
export function createAccount(body: AccountCreate): Promise<SessionResult> {
  return fetch('/api/accounts', json('POST', body)).then(toSessionResult, unreachable);
}

export type ApiResult<T> = { ok: true; value: T } | HttpFailure;

/** Calls an account route and parses its answer with `schema` (204 answers `undefined`). */
export async function callApi<T>(
  path: string,
  init: { method: string; body?: unknown },
  schema?: z.ZodMiniType<T>,
): Promise<ApiResult<T | undefined>> {
  let response: Response;
  try {
    response = await fetch(path, { ...json(init.method, init.body), cache: 'no-store' });
  } catch {
    return unreachable();
  }
  if (!response.ok) return failureOf(response);
  if (schema === undefined || response.status === 204) return { ok: true, value: undefined };
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, code: 'internal', message: 'Unexpected reply' };
  return { ok: true, value: parsed.data };
}

/** A call that answers with a body: a missing one (204) is a broken reply. */
export function required<T>(result: ApiResult<T | undefined>): ApiResult<T> {
  if (!result.ok) return result;
  if (result.value === undefined) return { ok: false, code: 'internal', message: 'Empty reply' };
  return { ok: true, value: result.value };
}

/** Maps a call's value, keeping a failure as it is. */
export function mapped<T, U>(result: ApiResult<T>, map: (value: T) => U): ApiResult<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}
