// The page's long-polling transport, put in place of engine.io-client's XMLHttpRequest one by an
// alias in next.config.mjs: its own fetch()-based transport (engine.io-client 6.6) does the same
// job in a third of the code. The file path is direct, not through the package's exports, so
// that the transport is evaluated before the transport table that this module feeds.
export { Fetch as XHR } from '../../node_modules/engine.io-client/build/esm/transports/polling-fetch.js';
