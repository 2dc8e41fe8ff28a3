import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as untypedParse } from '../../node_modules/engine.io-client/build/esm/contrib/parseuri.js';
import {
  decode as originalDecodeQuery,
  encode as originalEncodeQuery,
} from '../../node_modules/engine.io-client/build/esm/contrib/parseqs.js';
import { decode as originalDecodeBase64 } from '../../node_modules/engine.io-parser/build/esm/contrib/base64-arraybuffer.js';
import { parse } from '../../lib/client/uri-by-url.mjs';
import {
  decode as decodeQuery,
  encode as encodeQuery,
} from '../../lib/client/query-by-url-search-params.mjs';
import { decode as decodeBase64 } from '../../lib/client/base64-by-atob.mjs';

// engine.io declares its parser's result as `any`.
const originalParse: (uri: string) => Record<string, unknown> = untypedParse;

// The fields Socket.IO and engine.io read from a parsed URI (url.js, socket.js).
const READ = ['protocol', 'host', 'port', 'path', 'query', 'queryKey'] as const;
// url.js reads an empty path as `/`, as URL gives it.
const pick = (uri: Record<string, unknown>) =>
  Object.fromEntries(READ.map((key) => [key, key === 'path' ? uri[key] || '/' : uri[key]]));

describe('the page’s stand-ins for engine.io’s platform helpers (next.config.mjs aliases)', () => {
  it('parse URIs into the fields Socket.IO reads exactly as engine.io’s own parser does', () => {
    for (const uri of [
      'https://chat.example.com/socket.io/?EIO=4&transport=websocket',
      'http://127.0.0.1:3000/',
      'http://localhost:41234/socket.io/?EIO=4&transport=polling&t=abc',
      'wss://chat.example.com:8443/path/?a=1&b=two',
      'http://[::1]:3000/socket.io/',
      'https://chat.example.com',
    ]) {
      assert.deepEqual(pick(parse(uri)), pick(originalParse(uri)), uri);
    }
    // Escaped query values come back decoded (the original keeps them escaped, and then escapes
    // them again when it sends the query: `%20` would go out as `%2520`).
    assert.deepEqual(parse('http://h/?b=two%20words').queryKey, { b: 'two words' });
    // engine.io also parses a bare host.
    assert.equal(parse('chat.example.com').host, originalParse('chat.example.com')['host']);
  });

  it('write and read engine.io’s queries as its own helpers do', () => {
    const query = { EIO: 4, transport: 'polling', t: 'PxY3-a', sid: 'a_b-c' };
    assert.equal(encodeQuery(query), originalEncodeQuery(query));
    const text = 'EIO=4&transport=websocket&sid=abc_DEF-1';
    assert.deepEqual(decodeQuery(text), originalDecodeQuery(text));
  });

  it('decode base64 packets to the same bytes', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const base64 = Buffer.from(bytes).toString('base64');
    assert.deepEqual(
      new Uint8Array(decodeBase64(base64)),
      new Uint8Array(originalDecodeBase64(base64)),
    );
  });
});
