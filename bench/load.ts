import { request } from 'node:http';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientIdFor, RawClient, sequenceOf } from './raw-client';
import type { ServerKind } from './servers';

/**
 * The loopback address (127.1.x.y) of simulated machine `index`: every client of one session
 * comes from its session's machine, so the per-address limits stay on during the benchmark.
 */
export function loopbackAddress(index: number): string {
  return `127.1.${(index >> 8) & 255}.${index & 255}`;
}

/** A receiver's account name; the first one made (`readerName(1)`) is the server's admin. */
export const readerName = (address: number) => `reader ${address}`;

/** Signs `name` in from machine `addressIndex`. Returns the Cookie header value. */
export function signIn(url: string, name: string, addressIndex: number): Promise<string> {
  const { hostname, port } = new URL(url);
  const body = JSON.stringify({ name, password: `${name} has a long password` });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: '/api/accounts',
        method: 'POST',
        localAddress: loopbackAddress(addressIndex),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        const cookie = res.headers['set-cookie']?.[0]?.split(';', 1)[0];
        if (res.statusCode === 201 && cookie !== undefined) resolve(cookie);
        else reject(new Error(`sign-in of ${name} failed: ${res.statusCode}`));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Counts every delivery once per receiver, and the latency from send to each receiver. */
export class DeliveryTracker {
  readonly latencyMicros: RecordableHistogram = createHistogram();
  delivered = 0;
  duplicates = 0;
  expected = 0;
  private readonly sentAt: Float64Array;
  private readonly seen: Uint8Array[] = [];

  /** Sequences from `timedBelow` up are counted but not timed (a flooder's own messages). */
  constructor(
    readonly maxMessages: number,
    private readonly timedBelow = maxMessages,
  ) {
    this.sentAt = new Float64Array(maxMessages);
  }

  addReceiver(): (frame: Buffer) => void {
    const bits = new Uint8Array(Math.ceil(this.maxMessages / 8));
    this.seen.push(bits);
    return (frame) => {
      const sequence = sequenceOf(frame);
      if (sequence < 0 || sequence >= this.maxMessages) return;
      const byte = sequence >> 3;
      const mask = 1 << (sequence & 7);
      if (((bits[byte] ?? 0) & mask) !== 0) {
        this.duplicates++;
        return;
      }
      bits[byte] = (bits[byte] ?? 0) | mask;
      this.delivered++;
      if (sequence >= this.timedBelow) return;
      const micros = Math.round((performance.now() - (this.sentAt[sequence] ?? 0)) * 1000);
      this.latencyMicros.record(Math.max(1, micros));
    };
  }

  markSent(sequence: number): void {
    this.sentAt[sequence] = performance.now();
  }
}

export interface Receivers {
  clients: RawClient[];
  connectMicros: RecordableHistogram;
}

/** Sockets per session: tabs of one person, under the server's limit per session (32). */
const TABS_PER_SESSION = 25;

/**
 * Connects `count` receivers joined to `roomOf(i)`, `concurrency` at a time. Parley's receivers
 * share one session per 25 sockets of the same room (as tabs of one person would), each session
 * from its own address; the bare server takes no session. Sessions never span rooms: a Parley user hears every room they joined on
 * every socket, which would multiply deliveries.
 */
export async function connectReceivers(
  kind: ServerKind,
  urls: readonly string[],
  count: number,
  roomOf: (index: number) => string,
  onEvent: (index: number) => ((frame: Buffer) => void) | undefined,
  firstAddress = 1,
  concurrency = 50,
): Promise<Receivers> {
  // Receiver i uses session sessionOf[i]: the k-th receiver of a room shares with k±24 others.
  const sessionOf: number[] = [];
  const seenInRoom = new Map<string, number>();
  const sessionIds = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const room = roomOf(i);
    const k = seenInRoom.get(room) ?? 0;
    seenInRoom.set(room, k + 1);
    const key = `${room}/${Math.floor(k / TABS_PER_SESSION)}`;
    if (!sessionIds.has(key)) sessionIds.set(key, sessionIds.size);
    sessionOf.push(sessionIds.get(key) ?? 0);
  }
  const cookies: string[] = [];
  const [url = ''] = urls;
  if (kind === 'parley') {
    // Sessions are shared storage: signed in at one node, valid at every node.
    for (let i = 0; i < sessionIds.size; i++) {
      cookies.push(await signIn(url, readerName(firstAddress + i), firstAddress + i));
    }
  }
  const connectMicros = createHistogram();
  const clients: RawClient[] = new Array<RawClient>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      const client = await RawClient.connect({
        url: urls[index % urls.length] ?? url,
        cookie: cookies[sessionOf[index] ?? 0],
        localAddress: loopbackAddress(firstAddress + (sessionOf[index] ?? 0)),
        onEvent: onEvent(index),
      });
      await client.emitWithAck('room:join', { room: roomOf(index) });
      connectMicros.record(Math.max(1, Math.round((performance.now() - started) * 1000)));
      clients[index] = client;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { clients, connectMicros };
}

export interface Sender {
  client: RawClient;
  user: string;
}

/** Connects `count` senders, each its own user (Parley limits sends per user). */
export async function connectSenders(
  kind: ServerKind,
  urls: readonly string[],
  count: number,
  firstAddress: number,
  namePrefix = 'sender',
): Promise<Sender[]> {
  const senders: Sender[] = [];
  for (let i = 0; i < count; i++) {
    const user = `${namePrefix} ${i}`;
    // Sender i talks to node i (mod the nodes): each node takes its share of the sends.
    const url = urls[i % urls.length] ?? '';
    const cookie = kind === 'parley' ? await signIn(url, user, firstAddress + i) : undefined;
    const localAddress = loopbackAddress(firstAddress + i);
    senders.push({ client: await RawClient.connect({ url, cookie, localAddress }), user });
  }
  return senders;
}

export interface DriveResult {
  sent: number;
  acked: number;
  refused: number;
  ackMicros: RecordableHistogram;
}

/**
 * Sends `rate` messages per second for `durationMs`, spread over the senders and rooms, paced
 * against the clock (so a slow ack never slows the offered load). Resolves once all are acked.
 */
export async function drive(options: {
  senders: Sender[];
  rooms: string[];
  receiversPerRoom: number;
  rate: number;
  durationMs: number;
  tracker: DeliveryTracker;
  firstSequence: number;
}): Promise<DriveResult> {
  const { senders, rooms, rate, durationMs, tracker } = options;
  const ackMicros = createHistogram();
  const acks: Promise<void>[] = [];
  const result = { sent: 0, acked: 0, refused: 0, ackMicros };
  const start = performance.now();
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= durationMs) break;
    const due = Math.floor((rate * elapsed) / 1000);
    while (result.sent < due) {
      const index = result.sent++;
      const sequence = options.firstSequence + index;
      const sender = senders[index % senders.length];
      const room = rooms[index % rooms.length];
      if (sender === undefined || room === undefined) throw new Error('no sender or room');
      tracker.markSent(sequence);
      const sentAt = performance.now();
      acks.push(
        sender.client
          .emitWithAck('message:send', {
            room,
            user: sender.user,
            message: `load ${sequence}`,
            clientId: clientIdFor(sequence),
          })
          .then((ack) => {
            ackMicros.record(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
            if (typeof ack === 'object' && ack !== null && 'ok' in ack && ack.ok === true) {
              result.acked++;
              tracker.expected += options.receiversPerRoom;
            } else {
              result.refused++;
            }
          }),
      );
    }
    await sleep(2);
  }
  await Promise.all(acks);
  return result;
}

/** Waits until every expected delivery arrived, or nothing arrived for `quietMs`. */
export async function drain(tracker: DeliveryTracker, quietMs: number): Promise<void> {
  let last = tracker.delivered;
  let lastProgress = performance.now();
  while (tracker.delivered < tracker.expected) {
    await sleep(20);
    if (tracker.delivered !== last) {
      last = tracker.delivered;
      lastProgress = performance.now();
    } else if (performance.now() - lastProgress > quietMs) {
      return;
    }
  }
}
