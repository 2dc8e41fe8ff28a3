/** JSON over HTTP for the side loads (bots, pushes): one request, its status, body and cookie. */
import { request } from 'node:http';
import { loopbackAddress } from './load';

/** Addresses from here on are the side loads' own (receivers, senders and sign-ins use lower). */
const ADDRESS = 30_000;

export interface Answer {
  status: number;
  body: string;
  cookie?: string;
}

/** POSTs `body` as JSON to `url` + `path`; never rejects (a failed request has status 0). */
export function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
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
export function field(body: string, key: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    const value: unknown =
      typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, key) : undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** The stored message's id in an answer of the message API. */
export const idOf = (answer: Answer): number | undefined => {
  const message = field(answer.body, 'message');
  return typeof message === 'object' && message !== null && 'id' in message
    ? Number(message.id)
    : undefined;
};

/** Signs the bench's admin (the first account made, `readerName(1)`) in; its cookie. */
export async function adminCookie(url: string, name: string): Promise<string> {
  const admin = await post(url, '/api/session', { name, password: `${name} has a long password` });
  if (admin.status !== 200 || admin.cookie === undefined) {
    throw new Error(`the bench's admin could not sign in: ${admin.status}`);
  }
  return admin.cookie;
}

/** Makes a bot as the admin; its token. */
export async function makeBot(url: string, cookie: string, name: string): Promise<string> {
  const made = await post(url, '/api/admin/bots', { name }, { cookie });
  const token = made.status === 201 ? field(made.body, 'token') : undefined;
  if (typeof token !== 'string') throw new Error(`making a bot failed: ${made.status}`);
  return token;
}
