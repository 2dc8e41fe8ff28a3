import type { Locator, Page } from '@playwright/test';
import { expect, joinAs, messageLog, say, test } from './fixtures';
import { seriousViolations } from './page-checks';

const settings = (page: Page) => page.getByRole('dialog', { name: 'Settings' });

async function openAdmin(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Settings' }).click();
  await settings(page).getByRole('button', { name: 'Admin' }).click();
  await expect(settings(page).getByRole('heading', { name: 'Bots' })).toBeVisible();
}

/** What the page draws after an author's name: the bot mark's text, or `none`. */
const markAfter = (author: Locator) =>
  author.evaluate((element) => getComputedStyle(element, '::after').content);

/** The author's name in the message whose text is `text`. */
const authorOf = (page: Page, text: string) =>
  messageLog(page).getByRole('listitem').filter({ hasText: text }).locator('[class*="author"]');

test('an admin makes a bot and a hook; what they post shows for Bob with a bot mark', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await say(alice, 'thanks in advance, robots');
  await openAdmin(alice);
  const dialog = settings(alice);

  // A bot: its token is shown once, to copy into the script that posts as it.
  await dialog.getByLabel('Bot name').fill('Deploy');
  await dialog.getByRole('button', { name: 'Make bot' }).click();
  const token = await dialog.getByLabel('Token of Deploy').inputValue();
  expect(token).toMatch(/^parley_bot_/);
  await expect(dialog.getByLabel('Signing secret of Deploy')).not.toHaveValue('');
  await expect(dialog.getByRole('list', { name: 'Bots' })).toContainText('Deploy');
  const posted = await fetch(`${parley.url}/api/rooms/general/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'build 42 is live', clientId: 'deploy-42' }),
  });
  expect(posted.status).toBe(201);

  // An incoming hook: its URL is the secret, also shown once.
  await dialog.getByLabel('Name it posts as').fill('Alerts');
  await dialog.getByRole('button', { name: 'Make hook' }).click();
  const hookUrl = await dialog.getByLabel('URL of Alerts').inputValue();
  const hooked = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: 'disk at 91%' }),
  });
  expect(hooked.status).toBe(201);
  expect(await seriousViolations(alice), 'the admin screen with bots and hooks').toEqual([]);

  for (const [text, author] of [
    ['build 42 is live', 'Deploy'],
    ['disk at 91%', 'Alerts'],
  ] as const) {
    await expect(authorOf(bob, text)).toHaveText(author);
    expect(await markAfter(authorOf(bob, text))).toBe('"bot"');
  }
  await expect(authorOf(bob, 'thanks in advance')).toHaveText('Alice');
  expect(await markAfter(authorOf(bob, 'thanks in advance'))).toBe('none');

  // Removing the bot stops its token at once.
  await dialog.getByRole('button', { name: 'Remove Deploy' }).click();
  await expect(dialog.getByRole('list', { name: 'Bots' })).toContainText('removed');
  const refused = await fetch(`${parley.url}/api/rooms/general/messages`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ message: 'still here?', clientId: 'deploy-43' }),
  });
  expect(refused.status).toBe(401);
});
