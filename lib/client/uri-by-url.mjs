// Stands in for engine.io-client's URI parser (contrib/parseuri.js, a 1.7 kB regular-expression
// parser kept, its own comment says, for platforms without the URL object) in the page's bundle,
// aliased in next.config.mjs. Every browser Parley supports has URL. Socket.IO reads only these
// fields of what it returns: protocol (without the colon), host (an IPv6 address without its
// brackets), port ('' for the default), path, query, queryKey (its values decoded, where the
// original leaves them escaped for Socket.IO to escape a second time), source.

/** Parses an absolute URI (or a bare host, as engine.io passes `opts.host`). */
export function parse(text) {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  const query = url.search.slice(1);
  return {
    source: text,
    protocol: url.protocol.slice(0, -1),
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname,
    query,
    anchor: url.hash.slice(1),
    queryKey: Object.fromEntries(new URLSearchParams(query)),
  };
}
