import type { HttpFailure } from '@/lib/client/http-failure';

/** What a failed account call says to the person (the sign-in, settings and admin screens). */
export function failureText(failure: HttpFailure): string {
  switch (failure.code) {
    case 'rate_limited':
      return `Too many attempts. Try again in ${failure.retryAfterS ?? 10} seconds.`;
    case 'unreachable':
      return 'The server cannot be reached. Check your connection and try again.';
    default:
      return failure.message;
  }
}
