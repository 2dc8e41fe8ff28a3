import { composer, expect, joinAs, messageLog, messageTexts, say, test } from './fixtures';

test('Alice and Bob talk both ways, live, over a WebSocket', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const sockets: string[] = [];
  const bob = await joinAs(browser, parley.url, 'Bob', (page) =>
    page.on('websocket', (ws) => sockets.push(ws.url())),
  );

  await say(alice, 'Hi Bob, are you there?');
  await expect(messageLog(bob).getByText('Hi Bob, are you there?')).toBeVisible();
  await expect(composer(alice)).toHaveValue('');

  await say(bob, 'Right here, Alice!');
  await expect(messageLog(alice).getByText('Right here, Alice!')).toBeVisible();
  await expect(messageLog(alice).getByRole('listitem').last()).toContainText('Bob');

  expect(
    sockets.some((url) => url.includes('/socket.io/') && url.includes('transport=websocket')),
  ).toBe(true);
});

test('where WebSocket is blocked, the page falls back to long polling over fetch()', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const polls: string[] = [];
  const bob = await joinAs(browser, parley.url, 'Bob', async (page) => {
    // A network that refuses WebSocket: as when a proxy answers the upgrade with an error, each
    // attempt fails before it opens (an error, then close code 1006). Playwright's own WebSocket
    // routing cannot say this: its mocked sockets always open first.
    await page.addInitScript(() => {
      class Refused extends EventTarget {
        readyState = 0;
        onerror: ((event: Event) => void) | null = null;
        onclose: ((event: CloseEvent) => void) | null = null;
        constructor(readonly url: string) {
          super();
          setTimeout(() => {
            this.readyState = 3;
            this.onerror?.(new Event('error'));
            this.onclose?.(new CloseEvent('close', { code: 1006, wasClean: false }));
          }, 0);
        }
        send() {}
        close() {}
      }
      Object.defineProperty(window, 'WebSocket', { value: Refused });
    });
    page.on('request', (request) => {
      if (request.url().includes('transport=polling')) polls.push(request.resourceType());
    });
  });

  await say(alice, 'can you hear me?');
  await expect(messageLog(bob).getByText('can you hear me?')).toBeVisible();
  await say(bob, 'loud and clear');
  await expect(messageLog(alice).getByText('loud and clear')).toBeVisible();
  expect(polls.length).toBeGreaterThan(0);
  expect(new Set(polls)).toEqual(new Set(['fetch']));
});

test('Shift+Enter adds a line and Enter sends the whole message', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await composer(alice).fill('first line');
  await composer(alice).press('Shift+Enter');
  await composer(alice).pressSequentially('second line');
  await expect(composer(alice)).toHaveValue('first line\nsecond line');
  await composer(alice).press('Enter');
  await expect(messageLog(alice).getByRole('listitem').locator('p')).toHaveText([
    'first line\nsecond line',
  ]);
});

test('a reload keeps the session and the history', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await say(alice, 'Remember me');
  await expect(messageLog(alice).getByText('Remember me')).toBeVisible();
  await expect(messageLog(alice).getByText('Sending…')).toHaveCount(0);

  await alice.reload();
  await expect(alice.getByRole('status')).toHaveText(/Connected/);
  await expect(alice.getByLabel('Password')).toHaveCount(0);
  await expect(messageLog(alice).getByText('Remember me')).toBeVisible();
});

test('messages written while the server is down are shown pending, then reach Bob once, in order', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');

  await parley.stop();
  await expect(alice.getByRole('status')).toHaveText(/Reconnecting|Offline/);
  const offline = ['offline one', 'offline two', 'offline three'];
  for (const text of offline) await say(alice, text);
  await expect(messageLog(alice).getByText('Sending…')).toHaveCount(3);
  await expect(alice.getByRole('status')).toContainText('3 waiting to send');

  await parley.start();
  await expect(alice.getByRole('status')).toHaveText(/Connected/);
  await expect(bob.getByRole('status')).toHaveText(/Connected/);
  await expect(messageLog(alice).getByText('Sending…')).toHaveCount(0);

  // Once this later message arrives, everything sent before it has arrived too.
  await say(alice, 'all caught up');
  await expect(messageLog(bob).getByText('all caught up')).toBeVisible();
  const seenByBob = await messageTexts(bob);
  expect(seenByBob.filter((text) => offline.includes(text))).toEqual(offline);
  expect(await messageTexts(alice)).toEqual([...offline, 'all caught up']);
});

test('the outbox survives a reload while the socket cannot connect', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');

  // Cut only Socket.IO (both transports): while cut, its WebSocket opens onto a silent mock,
  // like a dead network; the page itself still loads.
  let isCut = true;
  await alice.context().routeWebSocket(/\/socket\.io\//, (ws) => {
    if (!isCut) ws.connectToServer();
  });
  await alice
    .context()
    .route(/\/socket\.io\//, (route) => (isCut ? route.abort() : route.continue()));
  await alice.reload();
  await expect(alice.getByRole('status')).toHaveText(/Reconnecting|Offline|Connecting/);

  await say(alice, 'written while cut off');
  await expect(messageLog(alice).getByText('Sending…')).toHaveCount(1);
  await alice.reload();
  await expect(messageLog(alice).getByText('written while cut off')).toBeVisible();
  await expect(messageLog(alice).getByText('Sending…')).toHaveCount(1);

  isCut = false;
  await expect(alice.getByRole('status')).toHaveText(/Connected/);
  await expect(messageLog(bob).getByText('written while cut off')).toHaveCount(1);
  await say(alice, 'and after it');
  await expect(messageLog(bob).getByText('and after it')).toBeVisible();
  expect((await messageTexts(bob)).filter((text) => text === 'written while cut off')).toHaveLength(
    1,
  );
});

test('HTML in a message is shown as text, never run', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const hostile =
    '<img src=x onerror="window.__pwned=1"><b>bold?</b><script>window.__pwned=2</script>';

  await say(alice, hostile);
  await expect(messageLog(bob).getByText(hostile)).toBeVisible();
  expect(await messageLog(bob).locator('img, b, script').count()).toBe(0);
  expect(await bob.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
