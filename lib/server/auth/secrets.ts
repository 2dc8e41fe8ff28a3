import { createHash, randomBytes, randomInt } from 'node:crypto';

/** SHA-256, hex: how every one-time token is stored, so a copy of the database grants nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** An unguessable URL-safe token of `bytes` random bytes. */
export function newUrlToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// Crockford's base32 without I, L, O, U: a code read off one screen and typed on another
// cannot be misread.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LINK_CODE_LENGTH = 10;

/** A device-link code: 10 symbols of 5 bits (50 bits), shown as `ABCDE-FGHJK`. */
export function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i++)
    code += CODE_ALPHABET.charAt(randomInt(CODE_ALPHABET.length));
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A typed code as stored: case, spaces and dashes ignored, look-alike letters read as digits. */
export function normalizeLinkCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}
