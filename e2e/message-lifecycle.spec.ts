import type { Page } from '@playwright/test';
import { connectClient, newClientId, request, signIn } from '../test/helpers/test-server';
import {
  composer,
  createChannel,
  expect,
  joinAs,
  messageLog,
  roomLink,
  say,
  test,
} from './fixtures';

/** The row of the message whose text contains `text`. */
const row = (page: Page, text: string) =>
  messageLog(page).getByRole('listitem').filter({ hasText: text });

test('Alice edits and deletes a message; Bob sees both live', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(alice, 'teh plan is ready');
  await expect(row(bob, 'teh plan is ready')).toBeVisible();
  // Only the author is offered edit and delete.
  await expect(row(bob, 'teh plan is ready').getByRole('button', { name: 'Edit' })).toHaveCount(0);

  await row(alice, 'teh plan is ready').getByRole('button', { name: 'Edit' }).click();
  const editor = alice.getByRole('textbox', { name: 'Edit message' });
  await editor.fill('the plan is ready');
  await editor.press('Enter');
  await expect(row(bob, 'the plan is ready')).toContainText('(edited)');
  await expect(messageLog(bob).getByText('teh plan')).toHaveCount(0);

  await row(alice, 'the plan is ready').getByRole('button', { name: 'Delete' }).click();
  await alice
    .getByRole('group', { name: 'Delete this message?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(messageLog(bob).getByText('the plan is ready')).toHaveCount(0);
  await expect(messageLog(alice).getByText('the plan is ready')).toHaveCount(0);
  await bob.reload();
  await expect(bob.getByRole('status')).toHaveText(/Connected/);
  await expect(messageLog(bob).getByText('the plan is ready')).toHaveCount(0);
});

test('a reaction from Bob shows for Alice, and a reply quotes its parent', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(alice, 'ship it?');

  await row(bob, 'ship it?').getByRole('button', { name: 'Add reaction' }).click();
  await row(bob, 'ship it?').getByRole('button', { name: 'React with 👍' }).click();
  const reaction = row(alice, 'ship it?').getByRole('button', { name: '👍 1: Bob' });
  await expect(reaction).toBeVisible();
  await expect(reaction).toHaveAttribute('aria-pressed', 'false');
  await reaction.click();
  await expect(
    row(bob, 'ship it?').getByRole('button', { name: '👍 2: Bob, Alice' }),
  ).toBeVisible();

  await row(bob, 'ship it?').getByRole('button', { name: 'Reply' }).click();
  await expect(bob.getByText('Replying to Alice')).toBeVisible();
  await composer(bob).fill('yes, ship it');
  await composer(bob).press('Enter');
  await expect(
    row(alice, 'yes, ship it').getByRole('button', { name: 'Reply to Alice: ship it?. Show it' }),
  ).toBeVisible();
});

test.describe('an old parent', () => {
  test.use({ seededMessages: 300 });

  test('clicking a reply quote loads history back to its parent and shows it', async ({
    browser,
    parley,
  }) => {
    // Carol replies (through the API) to message number 10, far older than the first page.
    const carol = await connectClient(parley.url, { cookie: await signIn(parley.url, 'Carol') });
    const sent = await request<{ ok: boolean }>(carol, 'message:send', {
      room: 'general',
      user: 'Carol',
      message: 'about that old one',
      clientId: newClientId(),
      replyTo: 11,
    });
    expect(sent.ok).toBe(true);
    carol.close();

    const bob = await joinAs(browser, parley.url, 'Bob');
    const parent = messageLog(bob).getByText('Stored message number 10', { exact: true });
    await expect(parent).toHaveCount(0);
    await row(bob, 'about that old one')
      .getByRole('button', { name: /^Reply to Archivist: Stored message number 10/ })
      .click();
    await expect(parent).toBeInViewport();
    await expect(messageLog(bob).locator('li[data-message-id="11"]')).toHaveAttribute(
      'data-highlighted',
      'true',
    );
  });
});

test('Markdown renders bold, code and links; script and javascript: do not', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await bob.evaluate(() => {
    (window as unknown as { hacked?: boolean }).hacked = false;
  });
  await composer(alice).fill(
    [
      '**bold** and `code` see https://example.com/docs.',
      '```',
      'const x = <b>1</b>;',
      '```',
      'no javascript:alert(1) and <script>window.hacked = true</script> <img src=x onerror="window.hacked = true">',
    ].join('\n'),
  );
  await composer(alice).press('Enter');

  const message = row(bob, 'and');
  await expect(message.locator('strong')).toHaveText('bold');
  await expect(message.locator('p code')).toHaveText('code');
  await expect(message.locator('pre code')).toHaveText('const x = <b>1</b>;');
  const link = message.getByRole('link', { name: 'https://example.com/docs' });
  await expect(link).toHaveAttribute('href', 'https://example.com/docs');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(message.getByRole('link')).toHaveCount(1);
  await expect(message.locator('script, img, b')).toHaveCount(0);
  await expect(message).toContainText('<script>window.hacked = true</script>');
  expect(await bob.evaluate(() => (window as unknown as { hacked?: boolean }).hacked)).toBe(false);
});

test('search finds a message in another room and opens it there', async ({ browser, parley }) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await createChannel(alice, 'reports');
  await say(alice, 'the quarterly zebra report is out');
  await expect(row(alice, 'zebra report')).not.toContainText('Sending');

  await bob.getByRole('textbox', { name: 'Search messages' }).fill('zebra');
  await bob.getByRole('button', { name: 'Search messages' }).click();
  const results = bob.getByRole('region', { name: 'Search results' });
  const result = results.getByRole('button', { name: /zebra report/ });
  await expect(result.locator('mark')).toHaveText('zebra');
  await expect(result).toContainText('# reports · Alice');
  await result.click();
  await expect(bob).toHaveURL(/\/c\/reports$/);
  await expect(row(bob, 'the quarterly zebra report is out')).toBeInViewport();
  await expect(roomLink(bob, '# reports')).toHaveAttribute('aria-current', 'page');
});

test.describe('many matches', () => {
  test.use({ seededMessages: 45 });

  test('search pages with More results, and the same words again search afresh', async ({
    browser,
    parley,
  }) => {
    const bob = await joinAs(browser, parley.url, 'Bob');
    const searchBox = bob.getByRole('textbox', { name: 'Search messages' });
    const results = bob.getByRole('region', { name: 'Search results' });
    const found = results.getByRole('listitem');
    const more = results.getByRole('button', { name: 'More results' });

    await searchBox.fill('stored message');
    await bob.getByRole('button', { name: 'Search messages' }).click();
    // Newest first, a page of 20 at a time.
    await expect(found).toHaveCount(20);
    await expect(found.first()).toContainText('Stored message number 44');
    await more.click();
    await expect(found).toHaveCount(40);
    await expect(found.nth(20)).toContainText('Stored message number 24');
    await more.click();
    await expect(found).toHaveCount(45);
    await expect(found.last()).toContainText('Stored message number 0');
    await expect(more).toBeHidden();

    // Submitting the same words is a new search: back to its first page.
    await bob.getByRole('button', { name: 'Search messages' }).click();
    await expect(found).toHaveCount(20);
    await expect(more).toBeVisible();
    await results.getByRole('button', { name: 'Close search' }).click();
    await expect(results).toBeHidden();
    await expect(messageLog(bob).getByText('Stored message number 44')).toBeVisible();
  });
});
