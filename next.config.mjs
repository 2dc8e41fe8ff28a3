import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

// `npm run build` uses webpack (`next build --webpack`), not Turbopack: webpack honours zod's
// `sideEffects: false` and keeps only the schemas the page uses (Turbopack's build of the chat
// page carried about 9 kB more gzipped JavaScript when measured). Dev still uses Turbopack.

const require = createRequire(import.meta.url);
const engineIoClient = path.dirname(require.resolve('engine.io-client/package.json'));

/** CSS module class names in production: a short hash of file and class, not `file_class__hash`. */
function shortLocalIdent(context, _, exportName) {
  const file = path.relative(context.rootContext, context.resourcePath);
  const hash = createHash('sha1').update(`${file}#${exportName}`).digest('base64url');
  return `_${hash.slice(0, 6)}`;
}

/** Applies `visit` to every loader entry in webpack's (nested) module rules. */
function forEachLoader(rules, visit) {
  for (const rule of rules ?? []) {
    if (!rule || typeof rule !== 'object') continue;
    for (const entry of Array.isArray(rule.use) ? rule.use : []) visit(entry);
    forEachLoader(rule.oneOf, visit);
    forEachLoader(rule.rules, visit);
  }
}

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
  webpack(config, { isServer, dev }) {
    if (isServer) return config;
    // Parley's server never offers WebTransport and its client asks for WebSocket and long
    // polling only, so engine.io-client's WebTransport transport (and the stream codecs only it
    // uses) would be dead weight in the page: 0.7 kB gzipped.
    config.resolve.alias = {
      ...config.resolve.alias,
      [path.join(engineIoClient, 'build/esm/transports/webtransport.js')]: false,
    };
    if (!dev) {
      // Every class name appears in the page's JavaScript (the CSS module's map) and HTML.
      forEachLoader(config.module.rules, (entry) => {
        const modules = entry?.options?.modules;
        if (
          typeof entry?.loader === 'string' &&
          entry.loader.includes('css-loader') &&
          modules?.getLocalIdent
        ) {
          modules.getLocalIdent = shortLocalIdent;
        }
      });
    }
    return config;
  },
};

export default nextConfig;
