// Stands in for engine.io-parser's base64 codec (contrib/base64-arraybuffer.js, lookup tables
// for browsers without atob) in the page's bundle, aliased in next.config.mjs. Only a binary
// packet over long polling is ever base64, and Parley's contract sends none; should one arrive,
// this decodes it exactly as the original would.

/** The bytes of a base64 string, as an ArrayBuffer. */
export const decode = (base64) =>
  Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)).buffer;
