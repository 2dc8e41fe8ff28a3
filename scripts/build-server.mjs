// Compiles server.ts (and the lib/ it imports) to dist/server.mjs, and the admin command
// (scripts/admin.ts) to dist/admin.mjs, so production runs plain JavaScript instead of
// transpiling TypeScript on every start. Dependencies stay external. Code split: what is loaded
// only on demand (PostgreSQL, Redis) is a chunk of its own, so a default server never loads it
// (a static import in one bundle would load its packages at start).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names change with their content: no stale chunk is left beside a new build. Chunks sit
// beside the entries, so a path taken relative to `import.meta.url` (the password worker's)
// means the same folder in whichever file the bundler puts it.
mkdirSync('dist', { recursive: true });
for (const entry of readdirSync('dist', { withFileTypes: true })) {
  if (entry.isFile()) rmSync(`dist/${entry.name}`);
}

await build({
  entryPoints: {
    server: 'server.ts',
    admin: 'scripts/admin.ts',
    'password-worker': 'lib/server/auth/password-worker.mjs',
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
