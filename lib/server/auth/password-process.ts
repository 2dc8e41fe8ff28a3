import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PasswordAnswer, PasswordJob } from './password-work';

// Compiled, the worker is dist/password-worker.mjs beside dist/server.mjs (build-server.mjs);
// from source (tests, `npm run dev`) it is the .ts file beside this one, run through tsx.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER = fileURLToPath(
  new URL(fromSource ? './password-worker.ts' : './password-worker.mjs', import.meta.url),
);

type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };

let worker: ChildProcess | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

/** While nothing is pending, the process and its channel keep nothing alive. */
function setHeld(child: ChildProcess, isHeld: boolean) {
  if (isHeld) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

function failAll(child: ChildProcess, error: Error) {
  if (worker !== child) return;
  worker = undefined;
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

function passwordProcess(): ChildProcess {
  if (worker !== undefined) return worker;
  const child = fork(WORKER, [], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (answer: PasswordAnswer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (pending.size === 0) setHeld(child, false);
    if (waiting === undefined) return;
    if (answer.ok) waiting.resolve(answer.value);
    else waiting.reject(new Error(answer.error));
  });
  child.on('error', (error) => failAll(child, error));
  // A crashed password process fails what it held; the next sign-in starts a new one.
  child.on('exit', (code, signal) =>
    failAll(child, new Error(`password process exited (${signal ?? String(code)})`)),
  );
  worker = child;
  return child;
}

type JobInput =
  { kind: 'hash'; password: string } | { kind: 'verify'; password: string; stored: string };

/** Runs one job in the password process (jobs queue there and run one at a time). */
export function runPasswordJob(input: JobInput): Promise<string | boolean> {
  const id = nextId++;
  const job: PasswordJob = { id, ...input };
  const child = passwordProcess();
  setHeld(child, true);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child.send(job);
  });
}
