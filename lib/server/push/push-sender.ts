import { request, Agent } from 'node:https';
import { webPushLibrary } from './web-push-library';
import { assertPublicUrl, PrivateAddressError, publicOnlyLookup } from '../net/public-address';
import type { PushKeys } from '../store/push-types';
import { createVapidAuth } from './vapid-auth';
import type { VapidKeys } from './vapid-keys';

/** What became of one push: delivered, the subscription is gone, worth another try, or not. */
export type PushOutcome = 'sent' | 'gone' | 'retry' | 'failed';

export interface PushMessage {
  endpoint: string;
  keys: PushKeys;
  /** The JSON the service worker receives, encrypted for this browser (RFC 8291, aes128gcm). */
  payload: string;
  /** Pushes of one topic replace each other at the push service while undelivered. */
  topic: string;
  /** Seconds the push service keeps an undelivered push. */
  ttlSeconds: number;
}

export interface PushSenderOptions {
  keys: () => Promise<VapidKeys>;
  /** The VAPID `sub`: how a push service reaches whoever runs this server. */
  contact: string;
  /** Tests' local push service: loopback and private addresses allowed. */
  allowPrivate: boolean;
  /** Extra trusted CA certificates (the tests' local push service). */
  ca?: string;
  /** A push service that has not answered by then is given up on (and tried again later). */
  timeoutMs: number;
}

/**
 * Sends one push with `web-push` (which encrypts the payload; the VAPID header is signed once
 * per push service, see vapid-auth.ts) over a request of our own: a deadline for the whole
 * exchange, not only an idle socket, and a lookup that refuses internal addresses at connect
 * time, so an endpoint cannot reach them later through a changed DNS answer.
 */
export function createPushSender(options: PushSenderOptions) {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 16,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const authorization = createVapidAuth(options.contact, options.keys);

  const send = async (message: PushMessage): Promise<PushOutcome> => {
    const url = new URL(message.endpoint);
    if (!options.allowPrivate) {
      try {
        await assertPublicUrl(url);
      } catch (error) {
        return error instanceof PrivateAddressError ? 'failed' : 'retry';
      }
    }
    const vapid = await authorization(url);
    const details = (await webPushLibrary()).generateRequestDetails(
      { endpoint: message.endpoint, keys: message.keys },
      message.payload,
      {
        TTL: message.ttlSeconds,
        urgency: 'high',
        topic: message.topic,
        contentEncoding: 'aes128gcm',
      },
    );
    return new Promise<PushOutcome>((resolve) => {
      const outgoing = request(
        url,
        {
          method: details.method,
          headers: { ...details.headers, Authorization: vapid },
          agent,
          signal: AbortSignal.timeout(options.timeoutMs),
          ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          // Read the (small) answer to the end, so the connection can be reused.
          response.resume();
          response.on('end', () => resolve(outcomeOf(response.statusCode ?? 0)));
          response.on('error', () => resolve('retry'));
        },
      );
      outgoing.on('error', (error) =>
        resolve(error instanceof PrivateAddressError ? 'failed' : 'retry'),
      );
      outgoing.end(details.body);
    });
  };
  return { send, close: () => agent.destroy() };
}

/** RFC 8030: 404 and 410 mean the subscription is gone; 429 and 5xx are worth retrying. */
function outcomeOf(status: number): PushOutcome {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 404 || status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

export type PushSender = ReturnType<typeof createPushSender>;
