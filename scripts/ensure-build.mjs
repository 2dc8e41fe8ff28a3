// `npm start` serves the production build; build it first when there is none.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build found: running `next build` first.');
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
