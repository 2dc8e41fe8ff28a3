import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { assertPublicUrl, PrivateAddressError, publicOnlyLookup } from '../net/public-address';

/** What a bot's server answered, or why it did not. */
export type WebhookAnswer =
  | { kind: 'answered'; status: number; body: string }
  /** No answer in time, or the connection failed: worth another try. */
  | { kind: 'unreachable'; reason: string }
  /** The URL leads to an internal address: never posted to. */
  | { kind: 'refused'; reason: string };

export interface WebhookSenderOptions {
  /** Loopback and private addresses allowed (`PARLEY_WEBHOOK_ALLOW_PRIVATE=1`, tests). */
  allowPrivate: boolean;
  /** The whole exchange, connect to last byte: a bot that has not answered by then has not. */
  timeoutMs: number;
}

/** A reply longer than this is not a message: it is read no further. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * POSTs one signed delivery. The address is checked after DNS, at connect time, on every try
 * (`publicOnlyLookup`), so a name that resolved to a public address when the bot was made cannot
 * lead to an internal service later.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 8 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 8 }),
  };

  const post = async (
    target: string,
    body: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<WebhookAnswer> => {
    const url = new URL(target);
    if (!options.allowPrivate) {
      try {
        await assertPublicUrl(url);
      } catch (error) {
        return error instanceof PrivateAddressError
          ? { kind: 'refused', reason: error.message }
          : { kind: 'unreachable', reason: String(error) };
      }
    }
    const isHttps = url.protocol === 'https:';
    const request = isHttps ? httpsRequest : httpRequest;
    return new Promise<WebhookAnswer>((resolve) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: {
            ...headers,
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(body)),
          },
          agent: isHttps ? agents.https : agents.http,
          signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]),
          ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_REPLY_BYTES) chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({
              kind: 'answered',
              status: response.statusCode ?? 0,
              body: size <= MAX_REPLY_BYTES ? Buffer.concat(chunks).toString('utf8') : '',
            }),
          );
          response.on('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
        },
      );
      outgoing.on('error', (error) =>
        resolve(
          error instanceof PrivateAddressError
            ? { kind: 'refused', reason: error.message }
            : { kind: 'unreachable', reason: error.message },
        ),
      );
      outgoing.end(body);
    });
  };

  return {
    post,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
