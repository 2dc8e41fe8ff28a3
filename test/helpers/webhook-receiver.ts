import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { webhookEventSchema, type WebhookEvent } from '../../lib/protocol-bots';

/** One request the receiver got: the raw body, its headers, and the event it carries. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  event: WebhookEvent;
}

/** How the receiver answers one request: a status and body, or never (`hang`). */
export type Answer = { status: number; body?: unknown } | 'hang';

/**
 * A bot's server, as a test runs it on 127.0.0.1: records each request, answers with the next
 * scripted answer (200 and no body once the script is used up), and checks nothing itself.
 */
export async function startWebhookReceiver() {
  const received: Received[] = [];
  const script: Answer[] = [];
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  let cursor = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        headers: req.headers,
        raw,
        event: webhookEventSchema.parse(JSON.parse(raw)),
      });
      for (const wake of waiters.splice(0)) wake();
      const answer = script.shift() ?? { status: 200 };
      if (answer === 'hang') {
        held.push(res);
        return;
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const { port } = address;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    /** Answers for the next requests, in order. */
    answer: (...answers: Answer[]) => void script.push(...answers),
    /** The next request not yet taken, once it has come. */
    next: async (): Promise<Received> => {
      while (received[cursor] === undefined) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const request = received[cursor++];
      if (request === undefined) throw new Error('unreachable');
      return request;
    },
    stop: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** Checks `X-Parley-Signature` as the README tells a bot to: HMAC-SHA256 over `<t>.<body>`. */
export function signatureVerifies(secret: string, received: Received): boolean {
  const header = received.headers['x-parley-signature'];
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (match === null) return false;
  const [, t, v1] = match;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${t}.${received.raw}`)
    .digest();
  return timingSafeEqual(expected, Buffer.from(v1 ?? '', 'hex'));
}
