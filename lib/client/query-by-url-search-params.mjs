// Stands in for engine.io-client's query-string helpers (contrib/parseqs.js) in the page's
// bundle, aliased in next.config.mjs: the platform's URLSearchParams does the same work. The
// only queries engine.io writes are its own tokens (EIO, transport, sid, a timestamp).

/** `{a: 1, b: 'x'}` → `a=1&b=x`. */
export const encode = (object) => new URLSearchParams(object).toString();

/** `a=1&b=x` → `{a: '1', b: 'x'}`. */
export const decode = (query) => Object.fromEntries(new URLSearchParams(query));
