import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane):
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
// `algorithm: 2` is the package's const enum Algorithm.Argon2id (a const enum cannot be imported
// under verbatimModuleSyntax).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Hashes run on libuv's thread pool, never on the event loop, and one at a time: on a small
 * machine, four at once would take every core from the thread that delivers messages, so a
 * burst of sign-ins queues here instead.
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work, work);
  queue = result.catch(() => undefined);
  return result;
}

/** The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store for `password`. */
export function hashPassword(password: string): Promise<string> {
  return oneAtATime(() => hash(password.normalize('NFC'), ARGON2));
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
  const matches = await oneAtATime(() =>
    verify(target, password.normalize('NFC')).catch(() => false),
  );
  return stored !== undefined && matches;
}
