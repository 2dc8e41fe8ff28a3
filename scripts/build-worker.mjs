// Bundles the service worker (lib/worker/service-worker.ts) to public/sw.js, which Next serves
// from the site's root, the scope it controls. After `next build` it also writes in the build's
// id and its static files (every chunk and stylesheet, lazy ones included), which the worker
// keeps at install: the app then starts with the network gone. `--dev` (npm run dev) keeps
// nothing ahead: development files change under the same names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const isDev = process.argv.includes('--dev');
const staticDir = '.next/static';

/** Every file under `dir`, as the URL path Next serves it at. */
function urlsUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
    .map(
      (entry) =>
        `/_next/static/${path.relative(staticDir, path.join(entry.parentPath, entry.name))}`,
    )
    .sort();
}

const buildId = isDev ? 'dev' : readFileSync('.next/BUILD_ID', 'utf8').trim();
const precache = isDev || !existsSync(staticDir) ? [] : urlsUnder(staticDir);

await build({
  entryPoints: ['lib/worker/service-worker.ts'],
  outfile: 'public/sw.js',
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: {
    __PARLEY_BUILD__: JSON.stringify(buildId),
    __PARLEY_PRECACHE__: JSON.stringify(precache),
  },
});
