import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { own } from './owned-processes';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Every line the server logged, for diagnosing a failure. */
  output: string[];
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The port in the server's "parley listening" log line, or undefined for any other line. */
export function listeningPort(line: string): number | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === 'parley listening' && typeof entry.port === 'number'
      ? entry.port
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the shipped server, `dist/server.mjs` compiled from `server.ts`, in production mode (it
 * needs `npm run build` to have run) and resolves once it logs that it is listening. The test
 * file kills it at its end if nothing stopped it before. `nodeArgs` go to Node before the entry.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: { cwd?: string; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const entry = path.join(ROOT, 'dist', 'server.mjs');
  const args = [...(options.nodeArgs ?? []), '--enable-source-maps', entry];
  const child = own(
    spawn(process.execPath, args, {
      cwd: options.cwd ?? ROOT,
      // Open registration: suites make people freely (the invite rules have their own tests).
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOSTNAME: '127.0.0.1',
        PORT: '0',
        PARLEY_REGISTRATION: 'open',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}):\n${output.join('\n')}`)),
    );
    lines.on('line', (line) => {
      output.push(line);
      const port = listeningPort(line);
      if (port !== undefined) resolve(port);
    });
  });
  return { child, port, url: `http://127.0.0.1:${port}`, output };
}

/** Whether the process has not ended (by exiting or by a signal). */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves with the exit code (null after a signal) once the process has ended. */
export async function exited(child: ChildProcess): Promise<number | null> {
  if (!isRunning(child)) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}
