import type { Page } from '@playwright/test';
import {
  composer,
  createChannel,
  expect,
  joinAs,
  messageLog,
  roomLink,
  say,
  scroller,
  test,
} from './fixtures';

/** Where the row of the message reading `text` is, relative to the top of the list's view (px). */
function offsetInView(page: Page, text: string): Promise<number> {
  return messageLog(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(text, { exact: true }) })
    .evaluate((row) => {
      const list = row.closest('ol')?.parentElement;
      return row.getBoundingClientRect().top - (list?.getBoundingClientRect().top ?? 0);
    });
}

test('Bob sees an unread count for #general while in #random, and the divider on return', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await createChannel(bob, 'random');
  await expect(roomLink(alice, '# random')).toBeVisible();

  await say(alice, 'morning all');
  await say(alice, 'hey @Bob, got a minute?');
  await say(alice, 'standup in 5');

  const general = roomLink(bob, '# general');
  await expect(general).toHaveAccessibleName('# general, 3 unread, 1 mention');
  // The badge shows the count (its text is hidden from screen readers, who hear the name).
  const badge = general.locator('[class*="unreadBadge"]:not([class*="mentionBadge"])');
  await expect(badge).toHaveText('3');
  await expect(bob).toHaveTitle('(3) Parley');

  await general.click();
  await expect(bob).toHaveURL(/\/c\/general$/);
  const log = messageLog(bob);
  await expect(log.getByRole('separator')).toHaveText('New messages');
  // The divider sits right before the first of the three.
  const rows = log.locator(':scope > li');
  const texts = await rows.allTextContents();
  const dividerAt = texts.findIndex((text) => text === 'New messages');
  expect(texts[dividerAt + 1]).toContain('morning all');
  await expect(log.locator('mark')).toHaveText('@Bob');
  // Read now: counts clear here and on the server (a reload shows none).
  await expect(badge).toHaveCount(0);
  await expect(bob).toHaveTitle('Parley');
  await bob.reload();
  await expect(bob.getByRole('status')).toHaveText(/Connected/);
  await expect(roomLink(bob, '# general')).toHaveAccessibleName('# general');
  await expect(roomLink(bob, '# random')).toBeVisible();
});

test('Alice and Bob talk in a DM; Carol cannot open it by its URL', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const carol = await joinAs(browser, parley.url, 'Carol');

  await alice.getByRole('textbox', { name: 'Message someone' }).fill('bob');
  await alice.getByRole('button', { name: 'Message someone' }).click();
  await expect(alice).toHaveURL(/\/c\/dm-[0-9a-f]{20}$/);
  await expect(alice.getByRole('heading', { level: 1 })).toHaveText('Bob');
  await say(alice, 'just between us');

  const dmLink = roomLink(bob, 'Alice');
  await expect(dmLink).toHaveAccessibleName(/^Alice, 1 unread, online$/);
  await dmLink.click();
  await expect(messageLog(bob).getByText('just between us')).toBeVisible();
  await say(bob, 'sure thing');
  await expect(messageLog(alice).getByText('sure thing')).toBeVisible();

  await carol.goto(alice.url());
  await expect(
    carol.getByText('There is no such room open to you. Pick one from the list.'),
  ).toBeVisible();
  await expect(carol.getByText('just between us')).toHaveCount(0);
  await expect(composer(carol)).toHaveCount(0);
  await expect(carol.getByRole('navigation', { name: 'Rooms' }).getByRole('link')).toHaveText([
    /# general/,
  ]);
});

test('typing shows for the others and clears on send and when the text is cleared', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  // Bob is in #general (he sees Alice online there) before Alice starts typing.
  await expect(bob.getByLabel('Online: Alice, Bob')).toBeVisible();

  await composer(alice).pressSequentially('hello');
  await expect(bob.getByText('Alice is typing…')).toBeVisible();
  await composer(alice).press('Enter');
  await expect(messageLog(bob).getByText('hello')).toBeVisible();
  await expect(bob.getByText('Alice is typing…')).toHaveCount(0);

  await composer(alice).pressSequentially('again');
  await expect(bob.getByText('Alice is typing…')).toBeVisible();
  await composer(alice).fill('');
  await expect(bob.getByText('Alice is typing…')).toHaveCount(0);
  await expect(alice.getByText(/is typing/)).toHaveCount(0);
});

test.describe('a long history', () => {
  test.use({ seededMessages: 300 });

  test('scrolling up loads older messages without moving what is being read', async ({
    browser,
    parley,
  }) => {
    const bob = await joinAs(browser, parley.url, 'Bob');
    const log = messageLog(bob);
    await expect(log.getByText('Stored message number 299', { exact: true })).toBeVisible();
    await expect(log.getByText('Stored message number 250', { exact: true })).toBeAttached();

    // Scroll to the very top; in the same task, note the oldest message shown and where it is.
    const anchor = await scroller(bob).evaluate((element) => {
      element.scrollTop = 0;
      const first = element.querySelector('ol > li');
      return {
        text: first?.querySelector('p')?.textContent ?? '',
        offset: (first?.getBoundingClientRect().top ?? 0) - element.getBoundingClientRect().top,
      };
    });
    const anchorNumber = Number(anchor.text.replace('Stored message number ', ''));
    expect(anchorNumber).toBeGreaterThan(0);
    // The page before it arrives...
    await expect(
      log.getByText(`Stored message number ${anchorNumber - 1}`, { exact: true }),
    ).toBeAttached();
    // ...above it: what was being read has not moved.
    expect(Math.abs((await offsetInView(bob, anchor.text)) - anchor.offset)).toBeLessThan(2);
  });

  test('a new message while scrolled up shows a jump button instead of moving the view', async ({
    browser,
    parley,
  }) => {
    const alice = await joinAs(browser, parley.url, 'Alice');
    const bob = await joinAs(browser, parley.url, 'Bob');
    await expect(messageLog(bob).getByText('Stored message number 299')).toBeVisible();
    // Scroll up to an older message, as a reader would.
    const reading = 'Stored message number 275';
    await messageLog(bob)
      .getByText(reading, { exact: true })
      .evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await expect(messageLog(bob).getByText(reading, { exact: true })).toBeInViewport();
    const before = await offsetInView(bob, reading);

    await say(alice, 'news while you read');
    const jump = bob.getByRole('button', { name: '1 new message ↓' });
    await expect(jump).toBeVisible();
    expect(await offsetInView(bob, reading)).toBe(before);
    await expect(messageLog(bob).getByText('news while you read')).not.toBeInViewport();

    await jump.click();
    await expect(messageLog(bob).getByText('news while you read')).toBeInViewport();
    await expect(jump).toHaveCount(0);
  });
});

test('switching rooms back and forth leaves one message list and one composer', async ({
  browser,
  parley,
}) => {
  const bob = await joinAs(browser, parley.url, 'Bob');
  await createChannel(bob, 'random');
  await roomLink(bob, '# general').click();
  await createChannel(bob, 'design');
  await roomLink(bob, '# general').click();
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText('# general');
  await expect(bob.getByRole('list', { name: 'Messages' })).toHaveCount(1);
  await expect(composer(bob)).toHaveCount(1);
  await expect(bob.getByText('No messages yet. Say hello!')).toHaveCount(1);
});

test('a topic set by Alice shows in Bob’s header live; Escape cancels an edit', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  const header = (page: Page) => page.getByRole('banner');

  await header(alice).getByRole('button', { name: 'Add a topic' }).click();
  const field = alice.getByRole('textbox', { name: 'Topic' });
  await expect(field).toBeFocused();
  await field.fill('x'.repeat(251));
  await field.press('Enter');
  await expect(header(alice).getByRole('alert')).toHaveText('Topics are at most 250 characters');
  await field.fill('  Launch week 🚀: all hands  ');
  await field.press('Enter');
  await expect(field).toHaveCount(0);
  await expect(header(alice)).toContainText('Launch week 🚀: all hands');
  await expect(header(bob)).toContainText('Launch week 🚀: all hands');

  await header(bob).getByRole('button', { name: 'Edit topic' }).click();
  await bob.getByRole('textbox', { name: 'Topic' }).fill('never saved');
  await bob.getByRole('textbox', { name: 'Topic' }).press('Escape');
  await expect(bob.getByRole('textbox', { name: 'Topic' })).toHaveCount(0);
  await expect(header(bob)).toContainText('Launch week 🚀: all hands');

  // Kept on the server: a reload (a fresh room list) still shows it.
  await bob.reload();
  await expect(header(bob)).toContainText('Launch week 🚀: all hands');
});
