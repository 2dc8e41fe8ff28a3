// `npm start` (and `npm run admin`) run the production build; build it first when there is none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const built = ['.next/BUILD_ID', 'dist/server.mjs', 'dist/admin.mjs', 'public/sw.js'];
if (!built.every((file) => existsSync(file))) {
  console.log('No production build found: running `npm run build` first.');
  const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
