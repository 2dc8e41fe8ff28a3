import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

// `npm run build` uses webpack (`next build --webpack`), not Turbopack: webpack honours zod's
// `sideEffects: false` and keeps only the schemas the page uses (Turbopack's build of the chat
// page carried about 9 kB more gzipped JavaScript when measured). Dev still uses Turbopack.

const require = createRequire(import.meta.url);
const engineIoClient = path.dirname(require.resolve('engine.io-client/package.json'));
// engine.io-parser, as engine.io-client resolves it (it exports no package.json either).
const engineIoParser = path.resolve(
  path.dirname(
    createRequire(path.join(engineIoClient, 'package.json')).resolve('engine.io-parser'),
  ),
  '../..',
);
// socket.io-parser exports no package.json: its root is two folders above its CommonJS entry.
const socketIoParser = path.resolve(path.dirname(require.resolve('socket.io-parser')), '../..');

/** Each CSS module's short prefix, so that two modules never share one (checked below). */
const modulePrefixes = new Map();

/**
 * CSS module class names in production: a short prefix for the file, then the class's own name
 * (`_Xy3_roomLink`), not Next's `file_class__hash`. Each name appears in the page's JavaScript
 * wherever a component uses it, and gzip stores the readable part almost for free: a random
 * hash per class (what this did before) cost about 350 bytes gzipped more.
 */
function shortLocalIdent(context, _, exportName) {
  const file = path.relative(context.rootContext, context.resourcePath);
  const prefix = createHash('sha1').update(file).digest('base64url').slice(0, 3);
  const owner = modulePrefixes.get(prefix) ?? file;
  if (owner !== file) {
    throw new Error(`CSS modules ${owner} and ${file} share the class prefix ${prefix}`);
  }
  modulePrefixes.set(prefix, file);
  return `_${prefix}_${exportName}`;
}

/** Applies `visit` to the loader list (`use`) of every rule in webpack's nested module rules. */
function forEachRuleUsing(rules, visit) {
  for (const rule of rules ?? []) {
    if (!rule || typeof rule !== 'object') continue;
    if (Array.isArray(rule.use)) visit(rule.use);
    forEachRuleUsing(rule.oneOf, visit);
    forEachRuleUsing(rule.rules, visit);
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
    // Long polling (the fallback where WebSocket is blocked) runs on fetch() rather than
    // XMLHttpRequest: engine.io-client's own Fetch transport, 1.4 kB gzipped less.
    // The contract is JSON only, so socket.io-parser's binary packet support is replaced by
    // lib/client/json-only-packets.mjs (read why there). engine.io's URI parser, query-string
    // helpers and base64 codec, kept for platforms without URL, URLSearchParams and atob, give
    // way to those (lib/client/uri-by-url.mjs, query-by-url-search-params.mjs, base64-by-atob.mjs).
    const jsonOnlyPackets = path.resolve(import.meta.dirname, 'lib/client/json-only-packets.mjs');
    config.resolve.alias = {
      ...config.resolve.alias,
      [path.join(engineIoClient, 'build/esm/transports/webtransport.js')]: false,
      [path.join(engineIoClient, 'build/esm/transports/polling-xhr.js')]: path.resolve(
        import.meta.dirname,
        'lib/client/polling-over-fetch.mjs',
      ),
      [path.join(socketIoParser, 'build/esm/binary.js')]: jsonOnlyPackets,
      [path.join(socketIoParser, 'build/esm/is-binary.js')]: jsonOnlyPackets,
      [path.join(engineIoClient, 'build/esm/contrib/parseuri.js')]: path.resolve(
        import.meta.dirname,
        'lib/client/uri-by-url.mjs',
      ),
      [path.join(engineIoClient, 'build/esm/contrib/parseqs.js')]: path.resolve(
        import.meta.dirname,
        'lib/client/query-by-url-search-params.mjs',
      ),
      [path.join(engineIoParser, 'build/esm/contrib/base64-arraybuffer.js')]: path.resolve(
        import.meta.dirname,
        'lib/client/base64-by-atob.mjs',
      ),
    };
    if (!dev) {
      forEachRuleUsing(config.module.rules, (use) => {
        const cssModules = use.find(
          (entry) => entry?.loader?.includes('css-loader') && entry.options?.modules?.getLocalIdent,
        );
        if (!cssModules) return;
        // Every class name appears in the page's JavaScript (the CSS module's map) and HTML.
        cssModules.options.modules.getLocalIdent = shortLocalIdent;
        // Each CSS module becomes an ES module (Next makes it CommonJS), so webpack hoists its
        // class map into the importing component's scope instead of wrapping it in a module of
        // its own and calling an interop helper at each use: with one CSS module per component,
        // that is about 50 bytes gzipped saved per module.
        for (const entry of use)
          if (entry?.options?.esModule === false) entry.options.esModule = true;
      });
    }
    return config;
  },
};

export default nextConfig;
