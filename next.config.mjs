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
