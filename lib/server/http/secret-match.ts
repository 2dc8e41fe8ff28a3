import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `given` is the configured secret (the join code, the metrics token). Compares
 * SHA-256 digests in constant time: comparing the secrets themselves needs equal lengths first,
 * and answering a wrong length sooner tells an attacker how long the secret is.
 */
export function secretMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}
