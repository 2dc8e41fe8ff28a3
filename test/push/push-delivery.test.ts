import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message, Room } from '../../lib/protocol';
import { startPushService, type PushService, type TestSubscription } from '../helpers/push-service';
import {
  connectClient,
  createInbox,
  postJson,
  request,
  say,
  signIn,
  startTestServer,
  TEST_LIMITS,
  type Ack,
  type TestClient,
  type TestServer,
} from '../helpers/test-server';

/** One person in these tests: a session, a subscribed browser, and sockets when asked for. */
interface Person {
  name: string;
  cookie: string;
  browser: TestSubscription;
}

describe('web push', () => {
  let t: TestServer;
  let service: PushService;
  let alice: TestClient;
  let aliceCookie: string;
  const sockets: TestClient[] = [];

  const subscribe = async (cookie: string, browser: TestSubscription) => {
    const response = await postJson(t.url, '/api/push/subscriptions', browser.json, cookie);
    assert.equal(response.status, 201, await response.text());
  };
  const person = async (name: string): Promise<Person> => {
    const cookie = await signIn(t.url, name);
    const browser = service.subscription(name.toLowerCase());
    await subscribe(cookie, browser);
    return { name, cookie, browser };
  };
  const connect = async (cookie: string, visible?: boolean) => {
    const socket = await connectClient(t.url, { cookie });
    sockets.push(socket);
    if (visible !== undefined) await request(socket, 'tab:visibility', { visible });
    return socket;
  };
  const dmWith = async (name: string): Promise<Room> => {
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', { user: name });
    assert.equal(opened.ok, true);
    return opened.room;
  };
  /** A group DM of Alice, `name` and a witness with no open tab, whose push for a message
   * says that message's pushes have all been decided (they are decided together). */
  const withWitness = async (name: string, witness: Person): Promise<Room> => {
    const opened = await request<Ack<{ room: Room }>>(alice, 'dm:open', {
      users: [name, witness.name],
    });
    assert.equal(opened.ok, true);
    return opened.room;
  };
  const pushFor = (who: Person, message: Message) =>
    service.waitFor((push) => push.id === who.browser.id && push.payload.messageId === message.id);
  const pushedIds = (who: Person) =>
    service.received.filter((push) => push.id === who.browser.id).map((p) => p.payload.messageId);

  before(async () => {
    let publicKey = () => Promise.resolve('');
    service = await startPushService(() => publicKey());
    t = await startTestServer({
      push: { allowPrivate: true, ca: service.ca, foldMs: 50, retryDelaysMs: [20, 20, 20] },
      // The burst below is sixty messages from one person.
      limits: { ...TEST_LIMITS, send: { burst: 1_000, perSecond: 1_000 } },
    });
    publicKey = async () => {
      const response = await fetch(`${t.url}/api/push/key`);
      return ((await response.json()) as { publicKey: string }).publicKey;
    };
    aliceCookie = await signIn(t.url, 'Alice');
    alice = await connect(aliceCookie);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await t.stop({ removeData: true });
    await service.close();
  });

  it('pushes a DM once, signed and encrypted, to a person with no open tab', async () => {
    const bob = await person('Bob');
    const dm = await dmWith('Bob');
    const text = `${'a long line to be cut at one hundred characters '.repeat(3)}🎉`;
    const sent = await say(alice, 'Alice', text, { room: dm.name });
    const push = await pushFor(bob, sent);
    assert.deepEqual(push.payload, {
      room: dm.name,
      title: 'Alice (direct message)',
      body: Array.from(text).slice(0, 100).join(''),
      count: 1,
      messageId: sent.id,
      url: `/c/${dm.name}`,
    });
    assert.equal(push.urgency, 'high');
    assert.match(push.topic ?? '', /^[A-Za-z0-9_-]{1,32}$/);
    assert.equal(push.ttl, String(24 * 60 * 60));
    assert.deepEqual(service.refused, []);
    assert.deepEqual(pushedIds(bob), [sent.id]);
  });

  it('pushes nothing while the person has a visible tab on any device', async () => {
    const carol = await person('Carol');
    const witness = await person('Witness1');
    const dm = await withWitness('Carol', witness);
    // Carol's phone is in her pocket (hidden tab); her laptop shows Parley.
    await connect(await signIn(t.url, 'Carol'), false);
    const laptop = await connect(carol.cookie, true);
    const unseen = await say(alice, 'Alice', 'while you look', { room: dm.name });
    await pushFor(witness, unseen);
    await request(laptop, 'tab:visibility', { visible: false });
    const seen = await say(alice, 'Alice', 'after you looked away', { room: dm.name });
    const push = await pushFor(carol, seen);
    assert.equal(push.payload.count, 1);
    assert.equal(pushedIds(carol).includes(unseen.id), false);
  });

  it('pushes mentions in channels, never plain channel messages, as each room level allows', async () => {
    const dave = await person('Dave');
    const daveSocket = await connect(dave.cookie);
    await request(daveSocket, 'room:join', { room: 'general' });
    await request(alice, 'room:join', { room: 'general' });
    const plain = await say(alice, 'Alice', 'lunch, anyone?');
    const mention = await say(alice, 'Alice', 'hey @Dave, lunch?');
    const push = await pushFor(dave, mention);
    assert.equal(push.payload.title, 'Alice in #general');
    assert.equal(push.payload.count, 1);
    assert.equal(pushedIds(dave).includes(plain.id), false);

    // `mentions` in a DM: only mentions push. `none` in a channel: not even mentions.
    const dm = await dmWith('Dave');
    await request(daveSocket, 'room:notify', { room: dm.name, level: 'mentions' });
    await request(daveSocket, 'room:notify', { room: 'general', level: 'none' });
    const quietDm = await say(alice, 'Alice', 'no rush', { room: dm.name });
    const mutedMention = await say(alice, 'Alice', '@Dave in a muted room');
    const dmMention = await say(alice, 'Alice', '@dave this one matters', { room: dm.name });
    const dmPush = await pushFor(dave, dmMention);
    assert.equal(dmPush.payload.count, 1);
    const later = await say(alice, 'Alice', 'back to @Dave', { room: dm.name });
    await pushFor(dave, later);
    assert.equal(pushedIds(dave).includes(quietDm.id), false);
    assert.equal(pushedIds(dave).includes(mutedMention.id), false);
  });

  it('holds every push of an account in do-not-disturb, and reports it in the session', async () => {
    const erin = await person('Erin');
    const witness = await person('Witness2');
    const dm = await withWitness('Erin', witness);
    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const set = await fetch(`${t.url}/api/account`, {
      method: 'PATCH',
      headers: { cookie: erin.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ doNotDisturbUntil: until }),
    });
    assert.equal(set.status, 200);
    const session = (await (
      await fetch(`${t.url}/api/session`, { headers: { cookie: erin.cookie } })
    ).json()) as {
      user: { doNotDisturbUntil: string | null };
    };
    assert.equal(session.user.doNotDisturbUntil, until);
    const held = await say(alice, 'Alice', 'during the meeting', { room: dm.name });
    await pushFor(witness, held);
    const off = await fetch(`${t.url}/api/account`, {
      method: 'PATCH',
      headers: { cookie: erin.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ doNotDisturbUntil: null }),
    });
    assert.equal(
      ((await off.json()) as { user: { doNotDisturbUntil: null } }).user.doNotDisturbUntil,
      null,
    );
    const after = await say(alice, 'Alice', 'after the meeting', { room: dm.name });
    assert.equal((await pushFor(erin, after)).payload.count, 1);
    assert.equal(pushedIds(erin).includes(held.id), false);
  });

  it('folds a burst into one push that carries the newest message and the count', async () => {
    const frank = await person('Frank');
    const dm = await dmWith('Frank');
    // The first push is in flight (held by the push service) while four more messages come.
    service.answer(frank.browser.id, 'hold');
    const first = await say(alice, 'Alice', 'one', { room: dm.name });
    const rest: Message[] = [];
    for (const text of ['two', 'three', 'four', 'five']) {
      rest.push(await say(alice, 'Alice', text, { room: dm.name }));
    }
    service.release(frank.browser.id);
    const newest = rest.at(-1);
    assert.ok(newest !== undefined);
    const folded = await pushFor(frank, newest);
    assert.equal(folded.payload.body, 'five');
    assert.equal(folded.payload.count, 4);
    assert.deepEqual(pushedIds(frank), [first.id, newest.id]);
  });

  it('retries a push the service answers 503 for, with the same payload', async () => {
    const ivy = await person('Ivy');
    const dm = await dmWith('Ivy');
    service.answer(ivy.browser.id, [503, 500, 201]);
    const sent = await say(alice, 'Alice', 'third time lucky', { room: dm.name });
    const push = await pushFor(ivy, sent);
    assert.equal(push.payload.body, 'third time lucky');
    assert.equal(service.attempts(ivy.browser.id), 3);
  });

  it('deletes a subscription the push service answers 410 for', async () => {
    const gina = await person('Gina');
    const dm = await dmWith('Gina');
    service.answer(gina.browser.id, 410);
    const status = async () => {
      const response = await fetch(`${t.url}/api/push/subscriptions`, {
        headers: { cookie: gina.cookie },
      });
      return ((await response.json()) as { subscribed: boolean }).subscribed;
    };
    assert.equal(await status(), true);
    await say(alice, 'Alice', 'are you there?', { room: dm.name });
    while (await status()) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(service.attempts(gina.browser.id), 1);
  });

  it('keeps its VAPID key across restarts, stored with the data', async () => {
    const first = (await (await fetch(`${t.url}/api/push/key`)).json()) as { publicKey: string };
    assert.match(first.publicKey, /^[A-Za-z0-9_-]{87}$/);
    const again = await startTestServer({ dataDir: t.dataDir, push: { allowPrivate: true } });
    try {
      const second = (await (await fetch(`${again.url}/api/push/key`)).json()) as {
        publicKey: string;
      };
      assert.equal(second.publicKey, first.publicKey);
    } finally {
      await again.stop();
    }
  });

  it('stops a device’s pushes when it signs out or turns them off', async () => {
    const hank = await person('Hank');
    const sessions = async () => {
      const response = await fetch(`${t.url}/api/sessions`, { headers: { cookie: hank.cookie } });
      return ((await response.json()) as { sessions: { push: boolean; current: boolean }[] })
        .sessions;
    };
    assert.deepEqual(
      (await sessions()).map((s) => s.push),
      [true],
    );
    const off = await fetch(`${t.url}/api/push/subscriptions`, {
      method: 'DELETE',
      headers: { cookie: hank.cookie },
    });
    assert.equal(off.status, 204);
    assert.deepEqual(
      (await sessions()).map((s) => s.push),
      [false],
    );

    await subscribe(hank.cookie, hank.browser);
    const signOut = await fetch(`${t.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: hank.cookie },
    });
    assert.equal(signOut.status, 204);
    const phone = await signIn(t.url, 'Hank');
    const dm = await dmWith('Hank');
    const sentinel = service.subscription('hank-phone');
    await subscribe(phone, sentinel);
    const sent = await say(alice, 'Alice', 'only your phone hears this', { room: dm.name });
    await service.waitFor((push) => push.id === sentinel.id && push.payload.messageId === sent.id);
    assert.equal(pushedIds(hank).includes(sent.id), false);
  });

  it('never delays acks or broadcasts for a push service that hangs', async () => {
    // Enough hung browsers to fill every push in flight, and then some.
    const people = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const name = `Slow${i}`;
        const cookie = await signIn(t.url, name);
        const browser = service.subscription(`slow${i}`);
        service.answer(browser.id, 'hang');
        await subscribe(cookie, browser);
        const socket = await connect(cookie, false);
        return { name, dm: await dmWith(name), inbox: createInbox(socket) };
      }),
    );
    for (let round = 0; round < 3; round++) {
      const sent = await Promise.all(
        people.map((p) => say(alice, 'Alice', `round ${round}`, { room: p.dm.name })),
      );
      await Promise.all(people.map((p, i) => p.inbox.waitFor(sent[i]?.id ?? 0)));
    }
    // Every ack and broadcast arrived while the push service had answered none of them.
    assert.ok(people.some((_, i) => service.waiting(`slow${i}`) > 0));
    assert.equal(
      service.received.some((push) => push.id.startsWith('slow')),
      false,
    );
  });
});
