/**
 * A push service on this machine, for tests (none can be reached from here): it takes the
 * requests `web-push` makes, checks their VAPID signature, and decrypts each payload (RFC 8291,
 * aes128gcm) with the keys of a subscription the test made, as a browser would.
 */
import {
  createECDH,
  createPublicKey,
  createDecipheriv,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { pushPayloadSchema, type PushPayload } from '../../lib/protocol-push';

export interface ReceivedPush {
  /** Which subscription it was for. */
  id: string;
  payload: PushPayload;
  topic: string | undefined;
  ttl: string | undefined;
  urgency: string | undefined;
}

export interface TestSubscription {
  id: string;
  /** `PushSubscription.toJSON()`, as a browser would post it. */
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
}

/**
 * How the service answers one subscription's pushes: a status; `hang`: never; `hold`: not until
 * `release` (then as usual).
 */
export type Answer = number | 'hang' | 'hold';

export interface PushService {
  origin: string;
  /** The service's certificate, for the Parley server to trust. */
  ca: string;
  subscription(id: string): TestSubscription;
  /** Sets how `id` is answered; a list answers the next requests in turn (the last one sticks). */
  answer(id: string, answer: Answer | Answer[]): void;
  /** Answers the held pushes of `id` as usual, and those that follow. */
  release(id: string): void;
  /** Requests of `id` held or hung now. */
  waiting(id: string): number;
  /** Every push received and accepted (2xx), in order. */
  received: ReceivedPush[];
  /** Requests refused for a bad VAPID header or a payload that did not decrypt. */
  refused: string[];
  /** Requests made to a subscription, whatever the answer (retries included). */
  attempts(id: string): number;
  /** Resolves with the first accepted push that `match` accepts, received or still to come. */
  waitFor(match: (push: ReceivedPush) => boolean): Promise<ReceivedPush>;
  close(): Promise<void>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** RFC 8291 §3.4 and RFC 8188: the browser's side of aes128gcm. */
function decrypt(body: Buffer, ecdh: ECDH, auth: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const secret = ecdh.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, info, 32));
  const key = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
  const decipher = createDecipheriv('aes-128-gcm', key, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([
    decipher.update(record.subarray(0, record.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no final-record delimiter');
  return padded.subarray(0, end);
}

/**
 * RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`, for this origin, not expired. A JWT whose
 * signature was verified once is not verified again (a sender reuses one for hours); its claims
 * are checked every time.
 */
function checkVapid(
  header: string | undefined,
  origin: string,
  expectedKey: string,
  verified: Set<string>,
): string {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return 'no vapid header';
  const [token, key] = [match[1], match[2]];
  if (key !== expectedKey) return 'signed with another key';
  const [head, claims, signature] = token.split('.');
  if (head === undefined || claims === undefined || signature === undefined) return 'bad jwt';
  if (!verified.has(header ?? '')) {
    const point = Buffer.from(key, 'base64url');
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) },
      format: 'jwk',
    });
    const isValid = verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!isValid) return 'bad signature';
    verified.add(header ?? '');
  }
  const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString()) as {
    aud?: unknown;
    exp?: unknown;
    sub?: unknown;
  };
  if (parsed.aud !== origin) return `audience ${String(parsed.aud)}`;
  const now = Date.now() / 1000;
  if (typeof parsed.exp !== 'number' || parsed.exp < now || parsed.exp > now + 86_400) {
    return 'bad expiry';
  }
  if (typeof parsed.sub !== 'string' || !/^(mailto:|https:)/.test(parsed.sub)) return 'bad sub';
  return '';
}

/** Starts the service on 127.0.0.1; `vapidKey` is the Parley server's public key. */
export async function startPushService(vapidKey: () => Promise<string>): Promise<PushService> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const browsers = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  const answers = new Map<string, Answer[]>();
  const counts = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const refused: string[] = [];
  const verified = new Set<string>();
  const waiters: { match: (push: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }[] =
    [];
  const hung: { id: string; res: ServerResponse; resume?: () => void }[] = [];
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const id = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const browser = browsers.get(id);
    if (req.method !== 'POST' || browser === undefined) return res.writeHead(404).end();
    counts.set(id, (counts.get(id) ?? 0) + 1);
    const queued = answers.get(id) ?? [];
    const answer = (queued.length > 1 ? queued.shift() : queued[0]) ?? 201;
    if (answer === 'hang') {
      hung.push({ id, res });
      return;
    }
    if (answer === 'hold') {
      await new Promise<void>((resume) => hung.push({ id, res, resume }));
    }
    if (typeof answer === 'number' && (answer < 200 || answer > 299)) {
      return res.writeHead(answer).end();
    }
    const problem = checkVapid(req.headers.authorization, origin, await vapidKey(), verified);
    if (problem !== '' || req.headers['content-encoding'] !== 'aes128gcm') {
      refused.push(problem || 'not aes128gcm');
      return res.writeHead(403).end();
    }
    let payload: PushPayload;
    try {
      const text = decrypt(Buffer.concat(chunks), browser.ecdh, browser.auth).toString('utf8');
      payload = pushPayloadSchema.parse(JSON.parse(text));
    } catch (error) {
      refused.push(`undecryptable: ${String(error)}`);
      return res.writeHead(400).end();
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const push = {
      id,
      payload,
      topic: header('topic'),
      ttl: header('ttl'),
      urgency: header('urgency'),
    };
    received.push(push);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(push)) waiter.resolve(push);
      else waiters.push(waiter);
    }
    res.writeHead(201).end();
  };

  const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca: pems.cert,
    subscription: (id) => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(id, { ecdh, auth });
      return {
        id,
        json: {
          endpoint: `${origin}/push/${id}`,
          keys: { p256dh: b64(ecdh.getPublicKey()), auth: b64(auth) },
        },
      };
    },
    answer: (id, answer) => answers.set(id, Array.isArray(answer) ? [...answer] : [answer]),
    release: (id) => {
      answers.delete(id);
      for (const entry of hung.filter((held) => held.id === id && held.resume !== undefined)) {
        hung.splice(hung.indexOf(entry), 1);
        entry.resume?.();
      }
    },
    waiting: (id) => hung.filter((held) => held.id === id).length,
    received,
    refused,
    attempts: (id) => counts.get(id) ?? 0,
    waitFor: (match) => {
      const found = received.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: async () => {
      for (const { res } of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
