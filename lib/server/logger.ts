/** The structured logger the server writes through; tests pass a silent one. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// A closed stdout (the reading end of a pipe went away) must never take the server down:
// losing a log line is better than losing the process.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

function write(level: 'info' | 'error', message: string, fields?: Record<string, unknown>) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: message, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** One JSON object per line, so logs stay machine-readable. */
export const jsonLogger: Logger = {
  info: (message, fields) => write('info', message, fields),
  error: (message, fields) => write('error', message, fields),
};

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** Error details safe to log (never message text: logs leave the chat's privacy boundary). */
export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { err: error.message, stack: error.stack }
    : { err: String(error) };
}
