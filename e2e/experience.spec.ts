import type { Page } from '@playwright/test';
import {
  composer,
  createChannel,
  expect,
  joinAs,
  passwordOf,
  messageLog,
  roomLink,
  say,
  test,
} from './fixtures';
import { seriousViolations, smallTargets, tabTo } from './page-checks';

const messageRow = (page: Page, text: string) =>
  messageLog(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(text, { exact: true }) });

test('every screen passes axe with no serious or critical violation, in both themes', async ({
  browser,
  parley,
}) => {
  const context = await browser.newContext();
  const prompt = await context.newPage();
  await prompt.goto(parley.url);
  await expect(prompt.getByLabel('Password')).toBeVisible();
  expect(await seriousViolations(prompt), 'sign-in').toEqual([]);
  await prompt.getByRole('button', { name: 'Create account' }).click();
  await expect(prompt.getByLabel(/^Invite code/)).toBeVisible();
  expect(await seriousViolations(prompt), 'create account').toEqual([]);
  await prompt.getByRole('button', { name: 'I have a code from another device' }).click();
  await expect(prompt.getByLabel('Code shown on your other device')).toBeVisible();
  expect(await seriousViolations(prompt), 'device code').toEqual([]);

  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(alice, 'Hello **team**, see https://example.com');
  await expect(messageLog(bob).getByText('team')).toBeVisible();
  expect(await seriousViolations(bob), 'chat').toEqual([]);

  await bob.getByRole('banner').getByRole('button', { name: 'Add a topic' }).click();
  await expect(bob.getByRole('textbox', { name: 'Topic' })).toBeFocused();
  expect(await seriousViolations(bob), 'topic editor').toEqual([]);
  await bob.getByRole('textbox', { name: 'Topic' }).press('Escape');
  await composer(bob).pressSequentially('@a');
  await expect(bob.getByRole('listbox', { name: 'People to mention' })).toBeVisible();
  expect(await seriousViolations(bob), 'mention suggestions').toEqual([]);
  await composer(bob).fill('');

  await bob.getByRole('textbox', { name: 'Message someone' }).fill('Alice');
  await bob.getByRole('button', { name: 'Message someone' }).click();
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText('Alice');
  await say(bob, 'a private hello');
  expect(await seriousViolations(bob), 'direct message').toEqual([]);

  await bob.getByRole('textbox', { name: 'Search messages' }).fill('team');
  await bob.getByRole('button', { name: 'Search messages' }).click();
  const results = bob.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('button', { name: /team/ }).locator('mark')).toHaveText('team');
  expect(await seriousViolations(bob), 'search').toEqual([]);

  await bob.getByRole('button', { name: 'Dark theme' }).click();
  await roomLink(bob, '# general').click();
  await expect(bob.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(bob), 'chat, dark theme').toEqual([]);

  await bob.setViewportSize({ width: 375, height: 740 });
  await bob.getByRole('button', { name: 'Rooms' }).click();
  await expect(bob.getByRole('navigation', { name: 'Rooms' })).toBeVisible();
  expect(await seriousViolations(bob), 'mobile drawer, dark theme').toEqual([]);
});

test('keyboard alone: join, switch channel, send, reply and react', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await createChannel(alice, 'random');
  await say(alice, 'anyone around?');

  const context = await browser.newContext();
  const bob = await context.newPage();
  await bob.goto(parley.url);
  await tabTo(bob, bob.getByRole('button', { name: 'Create account' }));
  await bob.keyboard.press('Enter');
  await tabTo(bob, bob.getByLabel('Name', { exact: true }));
  await bob.keyboard.type('Bob');
  await bob.keyboard.press('Tab');
  await bob.keyboard.type(passwordOf('Bob'));
  await bob.keyboard.press('Enter');
  await expect(bob.getByRole('status')).toHaveText(/Connected/);

  await tabTo(bob, roomLink(bob, '# random'));
  await bob.keyboard.press('Enter');
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText('# random');
  // The focus ring is visible wherever focus goes.
  const outline = await roomLink(bob, '# random').evaluate(
    (element) => getComputedStyle(element).outlineStyle,
  );
  expect(outline).not.toBe('none');

  await tabTo(bob, composer(bob));
  await bob.keyboard.type('I am here');
  await bob.keyboard.press('Enter');
  await expect(messageRow(alice, 'I am here')).toBeVisible();

  await tabTo(bob, messageRow(bob, 'anyone around?').getByRole('button', { name: 'Reply' }));
  await bob.keyboard.press('Enter');
  await tabTo(bob, composer(bob));
  await bob.keyboard.type('yes, replying');
  await bob.keyboard.press('Enter');
  await expect(
    messageRow(alice, 'yes, replying').getByRole('button', { name: /^Reply to Alice/ }),
  ).toBeVisible();

  const row = messageRow(bob, 'anyone around?');
  await tabTo(bob, row.getByRole('button', { name: 'Add reaction' }));
  await bob.keyboard.press('Enter');
  await tabTo(bob, row.getByRole('button', { name: 'React with 👍' }));
  await bob.keyboard.press('Enter');
  await expect(
    messageRow(alice, 'anyone around?').getByRole('button', { name: '👍 1: Bob' }),
  ).toBeVisible();
});

test('at 375 px the sidebar is a drawer and every control is a 44 px target', async ({
  browser,
  parley,
}) => {
  const bob = await joinAs(browser, parley.url, 'Bob');
  await bob.setViewportSize({ width: 375, height: 740 });
  const rooms = bob.getByRole('navigation', { name: 'Rooms' });
  const drawerButton = bob.getByRole('button', { name: 'Rooms' });
  await expect(rooms).toBeHidden();
  await expect(drawerButton).toHaveAttribute('aria-expanded', 'false');

  // Nothing is wider than the screen: the header wraps, the composer's button stays on screen.
  expect(await bob.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expect(bob.getByRole('button', { name: 'Send' })).toBeInViewport({ ratio: 1 });
  // The person's controls fold into one menu, which opens on screen and closes on Escape.
  const menuButton = bob.getByRole('button', { name: 'Menu' });
  await expect(bob.getByRole('button', { name: 'Dark theme' })).toBeHidden();
  await menuButton.click();
  for (const name of ['Dark theme', 'Settings', 'Sign out']) {
    await expect(bob.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
  }
  expect(await smallTargets(bob)).toEqual([]);
  await bob.keyboard.press('Escape');
  await expect(bob.getByRole('button', { name: 'Sign out' })).toBeHidden();

  await drawerButton.click();
  await expect(rooms).toBeVisible();
  await expect(drawerButton).toHaveAttribute('aria-expanded', 'true');
  // Focus moves into the drawer, on the open room.
  await expect(roomLink(bob, '# general')).toBeFocused();

  expect(await smallTargets(bob)).toEqual([]);

  // The on-screen keyboard shrinks the page rather than covering the composer.
  await expect(bob.locator('meta[name="viewport"]')).toHaveAttribute(
    'content',
    /interactive-widget=resizes-content/,
  );
  // Motion follows the reader's setting: the drawer slides, unless reduced motion is asked for.
  const slide = () => rooms.evaluate((element) => getComputedStyle(element).transitionDuration);
  expect(await slide()).not.toBe('0s');
  await bob.emulateMedia({ reducedMotion: 'reduce' });
  expect(await slide()).toBe('0s');

  await bob.keyboard.press('Escape');
  await expect(rooms).toBeHidden();
  await drawerButton.click();
  await roomLink(bob, '# general').click();
  await expect(rooms).toBeHidden();
  await expect(composer(bob)).toBeVisible();
});

test('the theme toggle switches to dark, and the choice survives a reload', async ({
  browser,
  parley,
}) => {
  const bob = await joinAs(browser, parley.url, 'Bob');
  const html = bob.locator('html');
  const background = () => bob.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  const toggle = bob.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const dark = await background();
  expect(dark).not.toBe(light);

  // Rendered by the server from the cookie: the HTML itself says dark, so the first paint is.
  const page = await (await bob.request.get(parley.url)).text();
  expect(page).toMatch(/<html[^>]*\sdata-theme="dark"/);
  await bob.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(dark);
  await bob.getByRole('button', { name: 'Dark theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe(light);
});

test('a refused message shows as failed, and Retry sends it', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  // Bob's first send is refused on its way (as a server would refuse it); the rest pass.
  let refusedOnce = false;
  const bob = await joinAs(browser, parley.url, 'Bob', async (page) => {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        const send = /^42(\d+)\["message:send"/.exec(String(frame));
        if (send !== null && !refusedOnce) {
          refusedOnce = true;
          ws.send(`43${send[1]}[{"ok":false,"error":{"code":"invalid_payload","message":"No"}}]`);
          return;
        }
        server.send(frame);
      });
      server.onMessage((frame) => ws.send(frame));
    });
  });
  await say(bob, 'second time lucky');
  const pending = messageLog(bob).getByRole('listitem').filter({ hasText: 'Failed' });
  await expect(pending).toContainText('second time lucky');
  await expect(messageRow(alice, 'second time lucky')).toHaveCount(0);

  await pending.getByRole('button', { name: 'Retry' }).click();
  await expect(messageRow(alice, 'second time lucky')).toHaveCount(1);
  await expect(messageLog(bob).getByText('Failed')).toHaveCount(0);
  await expect(messageRow(bob, 'second time lucky')).toHaveCount(1);
});

test('the screen-reader region announces others’ messages, never history or one’s own', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await say(alice, 'said before Bob came');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const announcer = bob.getByTestId('announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await expect(messageRow(bob, 'said before Bob came')).toBeVisible();
  await expect(announcer).toHaveText('');

  await say(bob, 'my own words');
  await expect(messageRow(alice, 'my own words')).toBeVisible();
  await expect(announcer).toHaveText('');

  await say(alice, 'news for Bob');
  await expect(announcer).toHaveText('Alice: news for Bob');
  await bob.reload();
  await expect(messageRow(bob, 'news for Bob')).toBeVisible();
  await expect(bob.getByTestId('announcer')).toHaveText('');
});

test('messages group by author and minute under a day heading, with initials avatars', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice Smith');
  await say(alice, 'first line');
  await say(alice, 'second line');
  const first = messageRow(alice, 'first line');
  const second = messageRow(alice, 'second line');
  await expect(first.getByRole('heading', { level: 2 })).toHaveText('Today');
  await expect(first.locator('[data-hue]')).toHaveText('AS');
  // The same person in the same minute: no second name, avatar or heading on screen...
  await expect(second).toHaveAttribute('data-continuation', 'true');
  await expect(second.locator('[data-hue]')).toHaveCount(0);
  await expect(second.getByRole('heading')).toHaveCount(0);
  // ...but a screen reader still hears who wrote it.
  await expect(second).toContainText('Alice Smith');
});

test('message times are relative, with the exact time on hover and on focus', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await say(alice, 'what time is it');
  const row = messageRow(alice, 'what time is it');
  const time = row.locator('time');
  await expect(time).toContainText(/just now|min ago/);
  const exactText = await time.getAttribute('title');
  expect(exactText).toBeTruthy();
  const exact = time.locator('span');
  await expect(exact).toBeHidden();
  await row.hover();
  await expect(exact).toBeVisible();
  await expect(exact).toContainText(exactText ?? '');
  await alice.mouse.move(0, 0);
  await expect(exact).toBeHidden();
  // Keyboard users reach the message's tools: the exact time shows while one holds the focus.
  await row.getByRole('button').first().focus();
  await expect(exact).toBeVisible();
});

test('opted-in notifications come for DMs and mentions while the tab is hidden, and only then', async ({
  browser,
  parley,
}) => {
  // The browser's Notification and the tab's visibility, stood in for so the test can read them.
  const alice = await joinAs(browser, parley.url, 'Alice', (page) =>
    page.addInitScript(() => {
      const shown: { title: string; body: string | undefined }[] = [];
      class FakeNotification {
        static permission: NotificationPermission = 'default';
        static requestPermission() {
          FakeNotification.permission = 'granted';
          return Promise.resolve<NotificationPermission>('granted');
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body });
        }
        close() {
          return undefined;
        }
      }
      const state = { hidden: false };
      Object.assign(window, {
        Notification: FakeNotification,
        notificationsShown: shown,
        tab: state,
      });
      Object.defineProperty(document, 'hidden', { get: () => state.hidden });
    }),
  );
  const shown = () =>
    alice.evaluate(
      () => (window as unknown as { notificationsShown: unknown[] }).notificationsShown,
    );
  const toggle = alice.getByRole('button', { name: 'Notify me' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  const bob = await joinAs(browser, parley.url, 'Bob');
  // While Alice looks at the tab, even a mention stays in the page.
  await say(bob, 'hey @Alice, visible');
  await expect(messageLog(alice).getByText('hey @Alice, visible')).toBeVisible();
  await alice.evaluate(() => {
    (window as unknown as { tab: { hidden: boolean } }).tab.hidden = true;
  });
  await say(bob, 'hello everyone');
  await say(bob, 'over to you @Alice');
  await expect.poll(shown).toEqual([{ title: 'Bob in #general', body: 'over to you @Alice' }]);

  await bob.getByRole('textbox', { name: 'Message someone' }).fill('alice');
  await bob.getByRole('button', { name: 'Message someone' }).click();
  await expect(bob).toHaveURL(/\/c\/dm-[0-9a-f]{20}$/);
  await say(bob, 'psst');
  await expect.poll(shown).toEqual([
    { title: 'Bob in #general', body: 'over to you @Alice' },
    { title: 'Bob (direct message)', body: 'psst' },
  ]);
});

test('what is typed and not sent survives a reload, per room', async ({ browser, parley }) => {
  const bob = await joinAs(browser, parley.url, 'Bob');
  await composer(bob).fill('half a thought\nand a second line');
  await bob.reload();
  await expect(composer(bob)).toHaveValue('half a thought\nand a second line');
  await composer(bob).press('Enter');
  await expect(messageLog(bob)).toContainText('half a thought');
  await expect(composer(bob)).toHaveValue('');
  await bob.reload();
  await expect(composer(bob)).toHaveValue('');
});

test('Up arrow in the empty composer edits one’s last message', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(alice, 'not this one');
  await say(bob, 'see you at noom');
  await expect(messageRow(alice, 'see you at noom')).toBeVisible();

  await composer(bob).focus();
  await bob.keyboard.press('ArrowUp');
  const editor = bob.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('see you at noom');
  await editor.fill('see you at noon');
  await editor.press('Enter');
  await expect(messageRow(alice, 'see you at noon')).toContainText('(edited)');
  await expect(messageRow(alice, 'not this one')).not.toContainText('(edited)');
});

test('@ suggests people by keyboard; Escape dismisses; the mention reaches Bob', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bella = await joinAs(browser, parley.url, 'Bella');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await expect(alice.getByRole('banner')).toContainText('3 online');

  const box = composer(alice);
  const list = alice.getByRole('listbox', { name: 'People to mention' });
  await box.pressSequentially('hi @b');
  await expect(list.getByRole('option')).toHaveText(['@Bella', '@Bob']);
  await expect(list.getByRole('option', { selected: true })).toHaveText('@Bella');
  await box.press('ArrowDown');
  const chosen = list.getByRole('option', { selected: true });
  await expect(chosen).toHaveText('@Bob');
  const chosenId = await chosen.getAttribute('id');
  expect(chosenId).toBeTruthy();
  await expect(box).toHaveAttribute('aria-activedescendant', chosenId ?? '');
  await box.press('Enter');
  await expect(list).toHaveCount(0);
  await expect(box).toHaveValue('hi @Bob ');

  // Escape hides the list; Enter then sends, as usual.
  await box.pressSequentially('and @be');
  await expect(list.getByRole('option')).toHaveText(['@Bella']);
  await box.press('Escape');
  await expect(list).toHaveCount(0);
  await box.press('Enter');
  await expect(messageLog(bob).getByText('hi @Bob and @be')).toBeVisible();
  await expect(messageLog(bob).locator('mark')).toHaveText('@Bob');
  await expect(messageLog(bella).getByText('hi @Bob and @be')).toBeVisible();

  // A name typed in full leaves nothing to complete: Enter sends.
  await box.pressSequentially('thanks @Bella');
  await expect(list).toHaveCount(0);
  await box.press('Enter');
  await expect(messageLog(bella).getByText('thanks @Bella')).toBeVisible();
});

test('the sidebar lists the people online, and one click opens a DM', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const people = alice.getByRole('list', { name: 'People online' });
  await expect(alice.getByText('No one else is here right now.')).toBeVisible();
  const bob = await joinAs(browser, parley.url, 'Bob');
  await expect(people.getByRole('button')).toHaveText(['Bob']);
  await people.getByRole('button', { name: 'Message Bob' }).click();
  await expect(alice).toHaveURL(/\/c\/dm-[0-9a-f]{20}$/);
  await expect(alice.getByRole('heading', { level: 1 })).toHaveText('Bob');
  await bob.close();
  await expect(alice.getByText('No one else is here right now.')).toBeVisible();
});
