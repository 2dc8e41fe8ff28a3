/**
 * Bot posts during load: bots posting over HTTP (`POST /api/rooms/:room/messages`, a bearer
 * token, a `clientId` each) at a steady total rate while messages flow, every tenth post a
 * repeat of the one before (a script retrying after a timeout), which must answer `200` with the
 * same message. Several bots share the rate, each under a person's send limit (5 a second).
 * They post in a channel of their own with nobody in it: this measures the HTTP path (token,
 * checks, store, idempotency), not a doubled fan-out, which section 1 measures. Parley only.
 */
import { adminCookie, idOf, makeBot, post } from './http-client';
import { readerName } from './load';
import { pacedLoad, type SideLoad, type Timed } from './side-load';

/** The channel the bots post in (fanOut's `extraRooms`). */
export const BOT_ROOM = 'builds';
const BOTS = 12;

/** Makes the bots (as the server's admin), then posts `perSecond` times a second in all. */
export async function startBotPosts(url: string, perSecond: number): Promise<SideLoad> {
  const cookie = await adminCookie(url, readerName(1));
  const tokens: string[] = [];
  for (let i = 0; i < BOTS; i++) tokens.push(await makeBot(url, cookie, `poster ${i}`));
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
