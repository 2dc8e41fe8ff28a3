/**
 * Push fan-out during load: people away from Parley (no tab open anywhere), each with a web-push
 * subscription on a push service on this machine (test/helpers/push-service.ts, which checks
 * every request's VAPID signature and decrypts its payload as a browser would), all members of
 * a channel nobody listens in. Bots post there, each post mentioning several of them in turn:
 * every mention is a push Parley encrypts (aes128gcm) and signs for its subscription and sends
 * over HTTPS, beside the load. Parley only; the push service runs in the load generator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPushService, type PushService } from '../test/helpers/push-service';
import { adminCookie, field, makeBot, post } from './http-client';
import { loopbackAddress, readerName, signIn } from './load';
import { RawClient } from './raw-client';
import { pacedLoad, type SideLoad } from './side-load';

/** The channel the pushes come from (fanOut's `extraRooms`). */
export const PUSH_ROOM = 'alerts';
/** Bots share the posts, each well under the send limit of 5 a second. */
const BOTS = 4;
/** The people away have addresses of their own from here on. */
const FIRST_ADDRESS = 40_000;
/** People joining the channel at once while the load is set up. */
const JOINS_AT_ONCE = 25;

export interface PushLoadOptions {
  /** People away, each with one subscription. */
  people: number;
  /** Bot posts per second, all bots together. */
  postsPerSecond: number;
  /** People each post mentions (the next ones in turn). */
  mentionsPerPost: number;
}

/** The push service and what a Parley server needs to reach it (for `startServer`'s env). */
export interface PushStandIn {
  service: PushService;
  env: Record<string, string>;
  /** The Parley server whose VAPID key signs the pushes (set when each server starts). */
  setServer(url: string): void;
  close(): Promise<void>;
}

/** Starts the push service; Parley trusts its certificate and may post to loopback. */
export async function startPushStandIn(): Promise<PushStandIn> {
  let serverUrl = '';
  // Each server's key, asked for once (not once per push).
  const keys = new Map<string, Promise<string>>();
  const fetchKey = async (url: string) => {
    const answer = await fetch(`${url}/api/push/key`);
    const key = field(await answer.text(), 'publicKey');
    if (typeof key !== 'string') throw new Error('no VAPID key');
    return key;
  };
  const service = await startPushService(() => {
    const url = serverUrl;
    let key = keys.get(url);
    if (key === undefined) {
      key = fetchKey(url);
      keys.set(url, key);
    }
    return key;
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-bench-push-'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, service.ca);
  return {
    service,
    env: { NODE_EXTRA_CA_CERTS: caFile, PARLEY_PUSH_ALLOW_PRIVATE: '1' },
    setServer: (url) => {
      serverUrl = url;
    },
    close: async () => {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const personName = (i: number) => `away ${i}`;

/** One person away: an account, a subscription, membership of the channel, then no tab. */
async function makePerson(url: string, standIn: PushStandIn, i: number): Promise<void> {
  const name = personName(i);
  const cookie = await signIn(url, name, FIRST_ADDRESS + i);
  const subscribed = await post(
    url,
    '/api/push/subscriptions',
    standIn.service.subscription(`away-${i}`).json,
    { cookie },
  );
  if (subscribed.status !== 201) throw new Error(`subscribing failed: ${subscribed.status}`);
  const client = await RawClient.connect({
    url,
    cookie,
    localAddress: loopbackAddress(FIRST_ADDRESS + i),
  });
  const joined = await client.emitWithAck('room:join', { room: PUSH_ROOM });
  client.close();
  if (typeof joined !== 'object' || joined === null || !('ok' in joined) || joined.ok !== true) {
    throw new Error(`joining #${PUSH_ROOM} failed: ${JSON.stringify(joined)}`);
  }
}

/**
 * Sets the people and bots up, then posts `postsPerSecond` times a second. `done` counts pushes
 * the service received and accepted (decrypted, VAPID checked); `failed` counts posts Parley
 * refused and pushes the service refused; `micros` times the posts.
 */
export async function startPushes(
  url: string,
  standIn: PushStandIn,
  { people, postsPerSecond, mentionsPerPost }: PushLoadOptions,
): Promise<SideLoad> {
  standIn.setServer(url);
  for (let first = 0; first < people; first += JOINS_AT_ONCE) {
    const batch = Array.from({ length: Math.min(JOINS_AT_ONCE, people - first) }, (_, k) => k);
    await Promise.all(batch.map((k) => makePerson(url, standIn, first + k)));
  }
  const cookie = await adminCookie(url, readerName(1));
  const tokens: string[] = [];
  for (let i = 0; i < BOTS; i++) tokens.push(await makeBot(url, cookie, `pager ${i}`));
  const { service } = standIn;
  const receivedBefore = service.received.length;
  const refusedBefore = service.refused.length;
  let postsFailed = 0;
  const posts = pacedLoad(postsPerSecond, async (index, timed) => {
    const mentioned = Array.from(
      { length: mentionsPerPost },
      (_, k) => `@${personName((index * mentionsPerPost + k) % people)}`,
    );
    const answer = await timed(() =>
      post(
        url,
        `/api/rooms/${PUSH_ROOM}/messages`,
        {
          message: `${mentioned.join(' ')} deploy ${index} needs you`,
          clientId: `pager-post-${index}`,
        },
        { Authorization: `Bearer ${tokens[index % BOTS] ?? ''}` },
      ),
    );
    if (answer.status !== 201) postsFailed++;
    return answer.status === 201;
  });
  return {
    get done() {
      return service.received.length - receivedBefore;
    },
    get failed() {
      return postsFailed + service.refused.length - refusedBefore;
    },
    micros: posts.micros,
    stop: () => posts.stop(),
  };
}
