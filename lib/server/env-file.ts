import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export const ENV_FILE = '.env';

/**
 * Fills `env` from the `.env` file in `dir`, if there is one, before the configuration is
 * parsed: a self-hoster keeps settings beside the data instead of in a shell profile. What the
 * environment already says wins (as with Node's `--env-file`), so a supervisor or a one-off
 * `PORT=4000 npm start` can still override the file. Parsed by Node's own dotenv parser.
 */
export function applyEnvFile(env: NodeJS.Dict<string>, dir: string): void {
  let content: string;
  try {
    content = readFileSync(path.join(dir, ENV_FILE), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
  for (const [name, value] of Object.entries(parseEnv(content))) {
    if (env[name] === undefined && value !== undefined) env[name] = value;
  }
}
