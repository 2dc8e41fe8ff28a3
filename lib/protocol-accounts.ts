/**
 * The contract's account routes (HTTP, JSON): accounts, sessions and devices, passkeys, admin.
 * The server parses every request body with these schemas; the replies' schemas, which the
 * browser parses, are in `protocol-account-replies` and re-exported here.
 */
import * as z from 'zod/mini';
import { nameSchema, nameKey, textLength, timestampSchema } from './protocol';
import { channelCreationSchema, registrationSchema, roleSchema } from './protocol-account-replies';

export * from './protocol-account-replies';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
/** A device-link code lives this long. */
export const LINK_CODE_TTL_MS = 10 * 60 * 1000;
/** A recovery link lives this long. */
export const RECOVERY_TTL_MS = 24 * 60 * 60 * 1000;
/** Most passkeys one account may register. */
export const MAX_PASSKEYS = 20;

const secretText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const passwordSchema = z.string().check(
  z.refine((value) => textLength(value) >= MIN_PASSWORD_LENGTH, {
    error: `Password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  }),
  z.refine((value) => textLength(value) <= MAX_PASSWORD_LENGTH, {
    error: `Password is longer than ${MAX_PASSWORD_LENGTH} characters`,
  }),
);

/** A password may not be the name itself, whatever the case. */
export function isPasswordLikeName(password: string, name: string): boolean {
  return nameKey(password.trim()) === nameKey(name);
}

export const accountCreateSchema = z.object({
  name: nameSchema,
  password: passwordSchema,
  invite: z.optional(secretText(256)),
});
export type AccountCreate = z.input<typeof accountCreateSchema>;

/**
 * `POST /api/session`: one of four ways to sign in. The password form takes any string as the
 * password (a rule tightened later must not lock out an older password).
 */
export const signInSchema = z.union([
  z.strictObject({ name: z.string().check(z.maxLength(256)), password: secretText(1024) }),
  z.strictObject({ link: secretText(64) }),
  z.strictObject({ recovery: secretText(128), password: passwordSchema }),
  z.strictObject({ passkey: z.lazy(() => authenticationResponseSchema) }),
]);
export type SignIn = z.input<typeof signInSchema>;

/** `PATCH /api/account`: a new name, a do-not-disturb time (null ends it), or both. */
export const accountChangeSchema = z
  .strictObject({
    name: z.optional(nameSchema),
    doNotDisturbUntil: z.optional(z.union([timestampSchema, z.literal(null)])),
  })
  .check(
    z.refine((change) => change.name !== undefined || change.doNotDisturbUntil !== undefined, {
      error: 'Name a change: name or doNotDisturbUntil',
    }),
  );
export const passwordChangeSchema = z.strictObject({
  current: z.optional(secretText(1024)),
  password: passwordSchema,
});

export const passkeyRegisterSchema = z.strictObject({
  credential: z.lazy(() => registrationResponseSchema),
  name: z.optional(z.string().check(z.trim(), z.maxLength(64))),
});

export const adminUserChangeSchema = z.strictObject({
  role: z.optional(roleSchema),
  deactivated: z.optional(z.boolean()),
});
export const settingsChangeSchema = z
  .strictObject({
    registration: z.optional(registrationSchema),
    channelCreation: z.optional(channelCreationSchema),
  })
  .check(
    z.refine((change) => Object.keys(change).length > 0, {
      error: 'Name a setting to change: registration or channelCreation',
    }),
  );

// WebAuthn's JSON forms (as @simplewebauthn/browser sends them), checked before the library
// reads them. Extension results are dropped: Parley asks for none.
const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]*$/), z.maxLength(16_384));
const credentialBase = {
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  authenticatorAttachment: z.optional(z.enum(['cross-platform', 'platform'])),
  clientExtensionResults: z.object({}),
};
export const registrationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: z.optional(base64url),
    transports: z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(8))),
    publicKeyAlgorithm: z.optional(z.number()),
    publicKey: z.optional(base64url),
  }),
});
export const authenticationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: z.optional(base64url),
  }),
});
