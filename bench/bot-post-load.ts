/**
 * Bot posts during load: bots posting over HTTP (`POST /api/rooms/:room/messages`, a bearer
 * token, a `clientId` each) at a steady total rate while messages flow, every tenth post a
 * repeat of the one before (a script retrying after a timeout), which must answer `200` with the
 * same message. Several bots share the rate, each under a person's send limit (5 a second).
 * They post in a channel of their own with nobody in it: this measures the HTTP path (token,
 * checks, store, idempotency), not a doubled fan-out, which section 1 measures. Parley only.
 */
import { request } from 'node:http';
import { loopbackAddress, readerName } from './load';
import { pacedLoad, type SideLoad, type Timed } from './side-load';

/** The channel the bots post in (fanOut's `extraRooms`). */
export const BOT_ROOM = 'builds';
const BOTS = 12;
/** Addresses from here on are the bots' own (receivers, senders and sign-ins use lower ones). */
const ADDRESS = 30_000;

interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url);
  const text = JSON.stringify(body);
  return new Promise<Answer>((resolve) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: 'POST',
        localAddress: loopbackAddress(ADDRESS),
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(text),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            cookie: res.headers['set-cookie']?.[0]?.split(';', 1)[0],
          }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(text);
  });
}

/** `body[key]` of a JSON answer, or undefined. */
function field(body: string, key: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    const value: unknown =
      typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, key) : undefined;
    return value;
  } catch {
    return undefined;
  }
}

const idOf = (answer: Answer): number | undefined => {
  const message = field(answer.body, 'message');
  return typeof message === 'object' && message !== null && 'id' in message
    ? Number(message.id)
    : undefined;
};

/** Makes the bots (as the server's admin), then posts `perSecond` times a second in all. */
export async function startBotPosts(url: string, perSecond: number): Promise<SideLoad> {
  const admin = await post(url, '/api/session', {
    name: readerName(1),
    password: `${readerName(1)} has a long password`,
  });
  if (admin.status !== 200 || admin.cookie === undefined) {
    throw new Error(`the bench's admin could not sign in: ${admin.status}`);
  }
  const tokens: string[] = [];
  for (let i = 0; i < BOTS; i++) {
    const made = await post(
      url,
      '/api/admin/bots',
      { name: `poster ${i}` },
      { cookie: admin.cookie },
    );
    const token = made.status === 201 ? field(made.body, 'token') : undefined;
    if (typeof token !== 'string') throw new Error(`making a bot failed: ${made.status}`);
    tokens.push(token);
  }
  // Each post's stored id, for its repeat to be checked against.
  const ids = new Map<number, Promise<number | undefined>>();
  const send = (index: number, original: number, timed: Timed) =>
    timed(() =>
      post(
        url,
        `/api/rooms/${BOT_ROOM}/messages`,
        { message: `build ${original} passed`, clientId: `bench-post-${original}` },
        { Authorization: `Bearer ${tokens[index % BOTS] ?? ''}` },
      ),
    );
  return pacedLoad(perSecond, async (index, timed) => {
    // Every tenth post repeats the one its bot made before: the same clientId, the same message.
    if (index >= BOTS && index % 10 === 0) {
      const expected = await ids.get(index - BOTS);
      const answer = await send(index, index - BOTS, timed);
      return answer.status === 200 && expected !== undefined && idOf(answer) === expected;
    }
    const stored = send(index, index, timed).then((a) => (a.status === 201 ? idOf(a) : undefined));
    ids.set(index, stored);
    return (await stored) !== undefined;
  });
}
