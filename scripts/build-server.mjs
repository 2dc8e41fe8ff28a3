// Compiles server.ts (and the lib/ it imports) to dist/server.mjs, so production starts plain
// JavaScript instead of transpiling TypeScript on every start. Dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { server: 'server.ts' },
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
