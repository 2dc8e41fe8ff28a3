/**
 * `npm run admin -- recover NAME | promote NAME` (lib/server/admin-command.ts): reads the same
 * configuration as the server (`.env`, `PARLEY_DATA_DIR`, `DATABASE_URL`), so it acts on the
 * server's own accounts. Safe while the server runs.
 */
import { parseConfig } from '../lib/server/env';
import { applyEnvFile } from '../lib/server/env-file';
import { runAdminCommand } from '../lib/server/admin-command';
import { openStores } from '../lib/server/store/open-stores';

applyEnvFile(process.env, process.cwd());
const config = parseConfig(process.env);
const { stores } = await openStores(config);
try {
  // The link must open the page the way people reach it: behind a proxy, its public origin.
  const origin = config.allowedOrigins?.[0] ?? `http://localhost:${config.port}`;
  const result = await runAdminCommand(process.argv.slice(2), stores, origin);
  (result.code === 0 ? process.stdout : process.stderr).write(`${result.text}\n`);
  process.exitCode = result.code;
} finally {
  await stores.close();
}
