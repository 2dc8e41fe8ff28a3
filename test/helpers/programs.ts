import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { own } from './owned-processes';

// Debian puts nginx in /usr/sbin, which a non-login root shell or a user's PATH may lack.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable on PATH (or in the sbin folders), or undefined. */
export function findProgram(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const dirs = [...searchPath.split(path.delimiter).filter((dir) => dir !== ''), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next folder.
    }
  }
  return undefined;
}

export interface StartedProgram {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output: () => string;
  /** Stops it (SIGTERM, then waits); a no-op when it already ended. */
  stop: () => Promise<void>;
}

interface StartOptions {
  /** Resolves once the program serves; it is raced against the program's exit. */
  ready: (program: StartedProgram) => Promise<void>;
  /** How long start-up may take before it counts as failed (a bound, not a wait). */
  timeoutMs?: number;
}

/**
 * Starts an external program the tests need (redis-server, nginx) and resolves once `ready`
 * does. When the program is missing, exits early or never gets ready, it rejects within
 * seconds with what it printed and its exit code (`nginx exited with 1: …`), and kills it.
 */
export async function startProgram(
  name: string,
  args: readonly string[],
  options: StartOptions,
): Promise<StartedProgram> {
  const executable = findProgram(name);
  if (executable === undefined) {
    throw new Error(`${name} is not installed: run \`npm test\` as root, or see README "Test"`);
  }
  const child = own(spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const chunks: string[] = [];
  const collect = (chunk: Buffer) => chunks.push(chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const output = () => chunks.join('');
  const hasEnded = () => child.exitCode !== null || child.signalCode !== null;
  const ended = new Promise<void>((resolve) => {
    if (hasEnded()) resolve();
    child.once('exit', () => resolve());
    // A process that could not be spawned at all may never report an exit.
    child.once('error', () => resolve());
  });
  const program: StartedProgram = {
    child,
    output,
    stop: async () => {
      if (!hasEnded()) child.kill('SIGTERM');
      await ended;
    },
  };

  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`${name} could not start: ${error.message}`)));
    child.once('exit', (code, signal) => {
      // Let the last of its output arrive: the reason it exited is usually the last line.
      setImmediate(() =>
        reject(new Error(`${name} exited with ${code ?? signal}: ${output().trim()}`)),
      );
    });
    timer = setTimeout(() => {
      reject(new Error(`${name} did not start within ${timeoutMs} ms: ${output().trim()}`));
    }, timeoutMs);
  });
  try {
    await Promise.race([options.ready(program), failure]);
    return program;
  } catch (error) {
    child.kill('SIGKILL');
    await ended;
    throw error;
  } finally {
    clearTimeout(timer);
    // Once started, a later exit is the test's business (Redis restarts on purpose).
    failure.catch(() => undefined);
  }
}

/** Resolves once the program has printed a line matching `pattern`. */
export function printed(pattern: RegExp): (program: StartedProgram) => Promise<void> {
  return (program) =>
    new Promise((resolve) => {
      const check = () => {
        if (!pattern.test(program.output())) return;
        program.child.stdout?.off('data', check);
        program.child.stderr?.off('data', check);
        resolve();
      };
      program.child.stdout?.on('data', check);
      program.child.stderr?.on('data', check);
      check();
    });
}
