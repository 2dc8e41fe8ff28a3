import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { callApi, signIn, type ApiResult } from './account-api';
import { failureOf, type SessionResult } from './http-failure';

type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];
type CreationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];

const notAllowed = (error: unknown) => ({
  ok: false as const,
  code: 'bad_credentials' as const,
  message:
    error instanceof Error && error.name === 'NotAllowedError'
      ? 'The passkey prompt was closed before it finished'
      : 'This browser could not use a passkey here',
});

async function options<T>(path: string): Promise<ApiResult<T>> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
  });
  if (!response.ok) return failureOf(response);
  // The library checks the options' shape itself as it turns them into the browser's call.
  return { ok: true, value: (await response.json()) as T };
}

/** Signs in with a passkey of this site, chosen by the person in the browser's prompt. */
export async function passkeySignIn(): Promise<SessionResult> {
  const asked = await options<RequestOptions>('/api/session/passkey/options');
  if (!asked.ok) return asked;
  let passkey: Awaited<ReturnType<typeof startAuthentication>>;
  try {
    passkey = await startAuthentication({ optionsJSON: asked.value });
  } catch (error) {
    return notAllowed(error);
  }
  return signIn({ passkey: { ...passkey, clientExtensionResults: {} } });
}

/** Registers a new passkey for the signed-in account. */
export async function addPasskey(name: string): Promise<ApiResult<undefined>> {
  const asked = await options<CreationOptions>('/api/passkeys/options');
  if (!asked.ok) return asked;
  let credential: Awaited<ReturnType<typeof startRegistration>>;
  try {
    credential = await startRegistration({ optionsJSON: asked.value });
  } catch (error) {
    return notAllowed(error);
  }
  const result = await callApi('/api/passkeys', {
    method: 'POST',
    body: { credential: { ...credential, clientExtensionResults: {} }, name },
  });
  return result.ok ? { ok: true, value: undefined } : result;
}
