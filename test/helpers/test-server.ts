import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, Message, ServerToClientEvents } from '../../lib/protocol';
import { createWebServer, type WebServer } from '../../lib/server/web-server';
import { DEFAULT_LIMITS, type ConnectionLimits, type RateLimits } from '../../lib/server/limits';
import { openStores } from '../../lib/server/store/open-stores';
import { openFileStorage } from '../../lib/server/files/open-file-storage';
import type { S3Config } from '../../lib/server/env';
import { silentLogger, type Logger } from '../../lib/server/logger';
import type { SlowReaderOptions } from '../../lib/server/socket/slow-readers';
import type { PresenceOptions } from '../../lib/server/socket/presence';
import type { Stores } from '../../lib/server/store/types';
import type { PushOptions } from '../../lib/server/push/web-push';
import type { WebhookOptions } from '../../lib/server/webhooks/webhooks';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  server: WebServer;
  url: string;
  dataDir: string;
  /** Stops the server; the data dir stays unless `removeData` is set. */
  stop(options?: { removeData?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  dataDir?: string;
  joinCode?: string;
  metricsToken?: string;
  allowedOrigins?: string[];
  /** Defaults to the production limits except sign-ins, which tests make freely. */
  limits?: RateLimits;
  presence?: PresenceOptions;
  typingForwardMs?: number;
  trustProxy?: boolean;
  connectionLimits?: ConnectionLimits;
  slowReaders?: SlowReaderOptions;
  /** Silent unless a test reads the logs. */
  log?: Logger;
  /** Stores the test built itself (to reach their database); by default SQLite in `dataDir`. */
  stores?: Stores;
  /** PostgreSQL instead of SQLite (see `STORAGES` in postgres.ts). */
  databaseUrl?: string;
  /** Who may make accounts: open by default, since most suites make people freely. */
  registration?: 'invite' | 'open';
  /** The largest upload, in bytes (default: the product's 25 MB). */
  maxUploadBytes?: number;
  /** Files in an S3-compatible bucket instead of `dataDir/files`. */
  s3?: S3Config;
  /** Web push (tests' local push service: `allowPrivate` and its `ca`). */
  push?: Partial<PushOptions>;
  /** Outgoing webhooks (a test's local receiver: `allowPrivate`, shorter waits). */
  webhooks?: Partial<WebhookOptions>;
}

/** Production limits, but sign-ins unthrottled: most suites sign many users in at once. */
export const TEST_LIMITS: RateLimits = {
  ...DEFAULT_LIMITS,
  session: { burst: 1_000, perSecond: 1_000 },
};

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'parley-test-'));
}

/** The real chat server (no Next pages) on an ephemeral port with its own database. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const server = createWebServer({
    config: {
      joinCode: options.joinCode,
      metricsToken: options.metricsToken,
      allowedOrigins: options.allowedOrigins,
      trustProxy: options.trustProxy,
      maxUploadBytes: options.maxUploadBytes,
    },
    files: await openFileStorage({ dataDir, s3: options.s3 }),
    log: options.log ?? silentLogger,
    limits: options.limits ?? TEST_LIMITS,
    presence: options.presence,
    typingForwardMs: options.typingForwardMs,
    stores:
      options.stores ?? (await openStores({ dataDir, databaseUrl: options.databaseUrl })).stores,
    connectionLimits: options.connectionLimits,
    slowReaders: options.slowReaders,
    push: options.push,
    webhooks: options.webhooks,
  });
  if ((options.registration ?? 'open') === 'open') {
    await server.stores.settings.set('registration', 'open');
  }
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    stop: async ({ removeData = false } = {}) => {
      await server.close();
      if (removeData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The password the helpers give `name`'s account. */
export const passwordOf = (name: string) => `${name} has a long password`;

/** The Cookie header value that carries the session a response just set. */
export function cookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';', 1)[0] ?? '';
}

/** POSTs JSON to `path` (as from the server's own machine), returning the response. */
export function postJson(url: string, path: string, body: unknown, cookie?: string) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(cookie === undefined ? {} : { cookie }),
    },
    body: JSON.stringify(body),
  });
}

/**
 * Signs `name` in (making the account on first use, with `passwordOf(name)`) and returns the
 * Cookie header value that carries the new session.
 */
export async function signIn(url: string, name: string, invite?: string): Promise<string> {
  const created = await postJson(url, '/api/accounts', {
    name,
    password: passwordOf(name),
    ...(invite === undefined ? {} : { invite }),
  });
  if (created.status === 201) return cookieOf(created);
  if (created.status !== 409) throw new Error(`account creation failed: ${created.status}`);
  const response = await postJson(url, '/api/session', { name, password: passwordOf(name) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return cookieOf(response);
}

export interface ConnectOptions {
  cookie?: string;
  /** The loopback address to connect from, to look like another machine. */
  localAddress?: string;
  origin?: string;
  transports?: ('websocket' | 'polling')[];
}

/** A socket.io-client socket, not yet connected. */
export function createClient(url: string, options: ConnectOptions = {}): TestClient {
  const headers: Record<string, string> = {};
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  if (options.origin !== undefined) headers.origin = options.origin;
  // engine.io-client hands `localAddress` to Node's WebSocket, though its types leave it out.
  const socketOptions: Partial<ManagerOptions & SocketOptions> & { localAddress?: string } = {
    autoConnect: false,
    reconnection: false,
    forceNew: true,
    transports: options.transports ?? ['websocket'],
    extraHeaders: headers,
    localAddress: options.localAddress,
  };
  return io(url, socketOptions);
}

/** Connects, resolving with the socket or rejecting with the `connect_error`. */
export function connectClient(url: string, options: ConnectOptions = {}): Promise<TestClient> {
  const socket = createClient(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.connect();
  });
}

/** Signs `name` in and connects one socket for them. */
export async function connectAs(url: string, name: string): Promise<TestClient> {
  return connectClient(url, { cookie: await signIn(url, name) });
}

/**
 * Emits an arbitrary (possibly invalid) event and waits for its ack. The typed socket would not
 * let a test send bad input; this view does, on purpose.
 */
export function emitRaw(socket: TestClient, event: string, ...args: unknown[]): Promise<unknown> {
  const untyped = socket as unknown as Socket;
  return untyped.timeout(5000).emitWithAck(event, ...args) as Promise<unknown>;
}

/** Resolves with the next `event` the socket receives. */
export function nextEvent<T>(socket: TestClient, event: keyof ServerToClientEvents): Promise<T> {
  const untyped = socket as unknown as Socket;
  return new Promise((resolve) => untyped.once(event, (payload: T) => resolve(payload)));
}

/** Every message a socket receives, recorded from now on, and a way to wait for one by id. */
export interface Inbox {
  messages: Message[];
  /** Resolves once the message with `id` has arrived (at once if it already has). */
  waitFor(id: number): Promise<void>;
}

export function createInbox(socket: TestClient): Inbox {
  const messages: Message[] = [];
  const waiters = new Map<number, () => void>();
  socket.on('message:new', (message) => {
    messages.push(message);
    waiters.get(message.id)?.();
    waiters.delete(message.id);
  });
  return {
    messages,
    waitFor: (id) =>
      messages.some((message) => message.id === id)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.set(id, resolve)),
  };
}

/** Alice and Bob, both joined to #general, with everything Bob hears recorded. */
export interface GeneralPair {
  alice: TestClient;
  bob: TestClient;
  bobInbox: Inbox;
  close(): void;
}

/** The pair most suites start from: Alice speaks in #general, Bob listens. */
export async function aliceAndBobInGeneral(url: string): Promise<GeneralPair> {
  const alice = await connectAs(url, 'Alice');
  const bob = await connectAs(url, 'Bob');
  for (const socket of [alice, bob]) await emitRaw(socket, 'room:join', { room: 'general' });
  return {
    alice,
    bob,
    bobInbox: createInbox(bob),
    close: () => {
      alice.close();
      bob.close();
    },
  };
}

let clientIdCounter = 0;
/** A fresh, valid clientId. */
/**
 * Sends `text` as `user` to #general (or to `extra.room`, with any other fields of `extra`) and
 * returns the stored message; a refusal fails the test.
 */
export async function say(
  socket: TestClient,
  user: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const result = await request<{ ok: true; message: Message } | Failure>(socket, 'message:send', {
    room: 'general',
    user,
    message: text,
    clientId: newClientId(),
    ...extra,
  });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.message;
}

export function newClientId(): string {
  clientIdCounter++;
  return `test-${process.pid}-${clientIdCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Emits an event with a typed payload and returns its ack, parsed by nobody (tests assert it). */
export function request<T = Record<string, unknown>>(
  socket: TestClient,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<T> {
  return emitRaw(socket, event, payload) as Promise<T>;
}

/** Every event a socket receives from now on, in order, as [event, payload]. */
export function recordEvents(socket: TestClient): [string, unknown][] {
  const events: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  return events;
}

/** Resolves with the next `event` whose payload passes `matches`. */
export function waitForEvent<T>(
  socket: TestClient,
  event: keyof ServerToClientEvents,
  matches: (payload: T) => boolean,
): Promise<T> {
  const untyped = socket as unknown as Socket;
  return new Promise((resolve) => {
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      untyped.off(event, listener);
      resolve(payload);
    };
    untyped.on(event, listener);
  });
}

/** An ack that succeeded, with its data. */
export type Ack<T = object> = { ok: true } & T;
/** An ack that failed, with its coded error. */
export type Failure = { ok: false; error: { code: string; message: string } };

/** The account a session cookie signs in as (what a page reads from `GET /api/session`). */
export async function accountOf(
  url: string,
  cookie: string,
): Promise<{ id: number; name: string }> {
  const response = await fetch(`${url}/api/session`, { headers: { cookie } });
  const body = (await response.json()) as { user?: { id: number; name: string } };
  if (body.user === undefined) throw new Error(`not signed in: ${response.status}`);
  return { id: body.user.id, name: body.user.name };
}
