// `npm run build` uses webpack (`next build --webpack`), not Turbopack: webpack honours zod's
// `sideEffects: false` and keeps only the schemas the page uses (161 kB of first-load JavaScript,
// gzipped, against 170 kB with Turbopack, which keeps all of zod/mini). Dev still uses Turbopack.

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (server.ts) owns the HTTP server; Next only renders pages.
  poweredByHeader: false,
  reactStrictMode: true,
  // better-sqlite3 is a native addon: never bundle it if a server module ever imports it.
  serverExternalPackages: ['better-sqlite3'],
  // `npm run typecheck` checks the whole project (tests and server included) before every
  // build in `npm test`; Next's own pass would check the same files a second time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
