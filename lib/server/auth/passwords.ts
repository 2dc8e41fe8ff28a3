import { randomBytes } from 'node:crypto';
import { runPasswordJob } from './password-process';

/*
 * Hashes run in a process of their own, never on the event loop, one at a time and at the lowest
 * CPU priority (password-worker.ts): on a small machine, a burst of sign-ins then queues for
 * spare CPU instead of taking cores from the thread that delivers messages.
 */

/** The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store for `password`. */
export async function hashPassword(password: string): Promise<string> {
  const hashed = await runPasswordJob({ kind: 'hash', password: password.normalize('NFC') });
  if (typeof hashed !== 'string') throw new Error('the password thread answered no hash');
  return hashed;
}

// Checked when there is no account (or no password) to check against, so that an unknown name
// costs the same time as a wrong password and answers nothing about which names exist.
let decoy: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, spends the same time and says no. */
export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const target = stored ?? (await decoy);
  // A failed password process is an error (500), never a wrong password.
  const matches = await runPasswordJob({
    kind: 'verify',
    password: password.normalize('NFC'),
    stored: target,
  });
  return stored !== undefined && matches === true;
}
