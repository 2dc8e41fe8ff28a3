// Compiles server.ts (and the lib/ it imports) to dist/server.mjs, and the admin command
// (scripts/admin.ts) to dist/admin.mjs, so production runs plain JavaScript instead of
// transpiling TypeScript on every start. Dependencies stay external.
import { build } from 'esbuild';

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
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
