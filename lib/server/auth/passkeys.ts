import type * as z from 'zod/mini';
import type {
  authenticationResponseSchema,
  registrationResponseSchema,
} from '../../protocol-accounts';
import type { NewPasskey, StoredPasskey, TokenKind, TokenStore } from '../store/account-types';
import { hashSecret } from './secrets';

/** How long the browser has to answer a WebAuthn challenge. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const RP_NAME = 'Parley';

/**
 * The WebAuthn library (with its X.509 and ASN.1 parsers, a tenth of a second to load) is loaded
 * at the first ceremony rather than at start: a restarted server takes sockets back sooner.
 */
const webAuthn = () => import('@simplewebauthn/server');

/** Where a ceremony runs: the page's origin, and its host as the relying party id. */
export interface RelyingParty {
  origin: string;
  rpId: string;
}

export function relyingPartyOf(origin: string): RelyingParty {
  return { origin, rpId: new URL(origin).hostname };
}

/**
 * Every challenge is kept (as a hash) until it is answered once, in storage rather than in
 * memory, so the answer may reach another node than the one that asked.
 */
function challengeCheck(tokens: TokenStore, kind: TokenKind, userId: number | undefined) {
  return async (challenge: string) => {
    const found = await tokens.consume(hashSecret(challenge), kind);
    return found !== undefined && found.userId === userId;
  };
}

/** Options for `navigator.credentials.create`, for a signed-in account adding a passkey. */
export async function registrationOptions(
  tokens: TokenStore,
  rp: RelyingParty,
  account: { id: number; name: string },
  existing: StoredPasskey[],
) {
  const { generateRegistrationOptions } = await webAuthn();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpId,
    userName: account.name,
    // The user handle is the account id: a passkey stays the account's through renames.
    userID: new TextEncoder().encode(String(account.id)),
    attestationType: 'none',
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.id,
      transports: passkey.transports,
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await tokens.issue(
    hashSecret(options.challenge),
    'passkey_register',
    account.id,
    Date.now() + CHALLENGE_TTL_MS,
  );
  return options;
}

/** Checks a new passkey's attestation; the passkey to store, or undefined if it fails. */
export async function verifyRegistration(
  tokens: TokenStore,
  rp: RelyingParty,
  userId: number,
  response: z.output<typeof registrationResponseSchema>,
  name: string,
): Promise<NewPasskey | undefined> {
  const { verifyRegistrationResponse } = await webAuthn();
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: challengeCheck(tokens, 'passkey_register', userId),
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    requireUserVerification: false,
  }).catch(() => undefined);
  if (result?.verified !== true) return undefined;
  const { credential } = result.registrationInfo;
  return {
    id: credential.id,
    userId,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
    name,
  };
}

/** Options for `navigator.credentials.get`: any passkey of this site (a discoverable one). */
export async function authenticationOptions(tokens: TokenStore, rp: RelyingParty) {
  const { generateAuthenticationOptions } = await webAuthn();
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    userVerification: 'preferred',
  });
  await tokens.issue(
    hashSecret(options.challenge),
    'passkey_signin',
    undefined,
    Date.now() + CHALLENGE_TTL_MS,
  );
  return options;
}

/** Checks a passkey's signature; the new signature counter, or undefined if it fails. */
export async function verifyAuthentication(
  tokens: TokenStore,
  rp: RelyingParty,
  passkey: StoredPasskey,
  response: z.output<typeof authenticationResponseSchema>,
): Promise<number | undefined> {
  const { verifyAuthenticationResponse } = await webAuthn();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challengeCheck(tokens, 'passkey_signin', undefined),
    expectedOrigin: rp.origin,
    expectedRPID: rp.rpId,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: passkey.counter,
    },
    requireUserVerification: false,
  }).catch(() => undefined);
  return result?.verified === true ? result.authenticationInfo.newCounter : undefined;
}
