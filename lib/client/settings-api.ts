/**
 * The signed-in person's own account routes: profile, password, devices, link codes, passkeys.
 * Loaded with the settings screen, never with the chat's first page.
 */
import * as z from 'zod/mini';
import {
  linkCodeSchema,
  sessionListSchema,
  sessionStateSchema,
  type DeviceSession,
  type LinkCode,
  type SessionState,
} from '../protocol-account-replies';
import { callApi, mapped, required, type ApiResult } from './account-api';

const renamedSchema = z.object({ user: z.object({ name: z.string() }) });

/** The account as the session sees it: role, whether a password is set, its passkeys. */
export async function accountState(): Promise<ApiResult<SessionState['user']>> {
  const result = required(await callApi('/api/session', { method: 'GET' }, sessionStateSchema));
  return mapped(result, (state) => state.user);
}

/** Renames the account; everyone sees the new name live. */
export async function rename(name: string): Promise<ApiResult<string>> {
  const result = await callApi('/api/account', { method: 'PATCH', body: { name } }, renamedSchema);
  return mapped(required(result), (body) => body.user.name);
}

/** Sets or changes the password; the server ends every other session. */
export async function changePassword(
  password: string,
  current: string | undefined,
): Promise<ApiResult<undefined>> {
  const body = current === undefined ? { password } : { current, password };
  return callApi('/api/account/password', { method: 'POST', body });
}

export async function listDevices(): Promise<ApiResult<DeviceSession[]>> {
  const result = await callApi('/api/sessions', { method: 'GET' }, sessionListSchema);
  return mapped(required(result), (body) => body.sessions);
}

/** Signs out one device, or (without an id) every device but this one. */
export function endSessions(id?: string): Promise<ApiResult<undefined>> {
  return callApi(id === undefined ? '/api/sessions' : `/api/sessions/${id}`, {
    method: 'DELETE',
  });
}

export async function newLinkCode(): Promise<ApiResult<LinkCode>> {
  return required(await callApi('/api/link-codes', { method: 'POST' }, linkCodeSchema));
}

export function removePasskey(id: string): Promise<ApiResult<undefined>> {
  return callApi(`/api/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
