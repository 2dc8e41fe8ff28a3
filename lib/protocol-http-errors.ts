/**
 * The error body of every HTTP route, `{error: {code, message}}`, and its codes. A module of its
 * own, apart from `protocol.ts`: only the sign-in, settings and admin screens read it, and what
 * the page's first chunk imports from a module (any export any screen uses) stays in that chunk.
 */
import * as z from 'zod/mini';

export const HTTP_ERROR_CODES = [
  'invalid_name',
  'invalid_password',
  'invalid_payload',
  'name_taken',
  'bad_invite',
  'bad_credentials',
  'bad_code',
  'deactivated',
  'last_admin',
  'too_many',
  'too_large',
  'invalid_image',
  'rate_limited',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'internal',
] as const;
export const httpErrorSchema = z.object({
  error: z.object({ code: z.enum(HTTP_ERROR_CODES), message: z.string() }),
});
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];
