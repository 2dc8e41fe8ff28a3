import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * argon2id with one of OWASP's recommended settings (12 MiB, 3 passes, 1 lane):
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 * The cheat sheet rates its five settings as equally strong; on the machines measured this one
 * costs the least CPU (about 8.5 ms a check, against 12 ms for 19 MiB and 2 passes). Hashes
 * made with another setting still verify: the setting is part of each stored hash.
 * `algorithm: 2` is the package's const enum Algorithm.Argon2id (a const enum cannot be imported
 * under verbatimModuleSyntax).
 */
const ARGON2 = { algorithm: 2, memoryCost: 12_288, timeCost: 3, parallelism: 1 };

/**
 * The password thread's nice value: on a machine with no core to spare, delivering messages
 * goes first, while a spare core still checks a password at full speed.
 */
const PASSWORD_NICE = 10;

/** The worker sits next to this file in source and next to the server's bundle in dist/. */
const WORKER_FILE = new URL('./password-worker.mjs', import.meta.url);

type Reply = { id: number; hash: string } | { id: number; matches: boolean };

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null || !('id' in value)) return false;
  return (
    ('hash' in value && typeof value.hash === 'string') ||
    ('matches' in value && typeof value.matches === 'boolean')
  );
}

interface Waiting {
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, Waiting>();

function failAll(error: unknown): void {
  worker = undefined;
  for (const job of waiting.values()) job.reject(error);
  waiting.clear();
}

/** The password thread, started on first use; it keeps the process alive only while it works. */
function passwordThread(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(WORKER_FILE, { workerData: { nice: PASSWORD_NICE, options: ARGON2 } });
  started.on('message', (reply: unknown) => {
    if (!isReply(reply)) return;
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
    if (waiting.size === 0) started.unref();
  });
  started.on('error', failAll);
  started.on('exit', (code) => failAll(new Error(`the password thread exited (${code})`)));
  worker = started;
  return started;
}

/**
 * Hashes run off the event loop, on that one thread, in arrival order: a burst of sign-ins
 * queues there instead of taking every core from the thread that delivers messages.
 */
function run(password: string, stored?: string): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const thread = passwordThread();
    thread.ref();
    thread.postMessage({ id, password: password.normalize('NFC'), stored });
  });
}

const CURRENT_SETTING = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

/**
 * Whether `stored` was hashed with another setting (an earlier build used 19 MiB and 2 passes).
 * A wrong password costs what its hash's setting costs, and an unknown name what the current
 * one does: rehashing at sign-in keeps the two alike, so timing cannot tell names apart.
 */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(CURRENT_SETTING);
}

/** The PHC string (`$argon2id$v=19$m=12288,t=3,p=1$…`) to store for `password`. */
export async function hashPassword(password: string): Promise<string> {
  const reply = await run(password);
  if (!('hash' in reply)) throw new Error('the password thread answered a hash with a check');
  return reply.hash;
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
  const reply = await run(password, stored ?? (await decoy));
  return stored !== undefined && 'matches' in reply && reply.matches;
}
