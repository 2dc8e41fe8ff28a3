/**
 * `npm run screenshots`: the README's pictures, taken from the real app (production build, a
 * fresh database, two people chatting) in the light, dark and mobile views, written to
 * docs/screenshots/. Rerun it after changing how Parley looks.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium-launch';
import { startServerProcess } from '../test/helpers/server-process';
import { tempDataDir } from '../test/helpers/test-server';

const OUT = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');

async function join(browser: Browser, url: string, name: string, theme?: 'dark'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1200, height: 760 },
    colorScheme: theme ?? 'light',
    // No slide-in halfway through a screenshot.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/^New password/).fill(`${name} has a long password`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
  return page;
}

/** Sends `text` and waits until the list shows `shown` (the text as rendered). */
async function say(page: Page, text: string, shown: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  await composer.fill(text);
  await composer.press('Enter');
  await page.getByRole('list', { name: 'Messages' }).getByText(shown).last().waitFor();
}

const dataDir = tempDataDir();
const server = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  mkdirSync(OUT, { recursive: true });
  const alice = await join(browser, server.url, 'Alice');
  const bob = await join(browser, server.url, 'Bob');
  await alice.getByRole('button', { name: 'New channel…' }).click();
  await alice.getByRole('textbox', { name: 'Name' }).fill('design');
  await alice.getByRole('button', { name: 'Create channel' }).click();
  await alice.getByRole('link', { name: /^# general/ }).click();
  await alice.getByRole('button', { name: 'Add a topic' }).click();
  await alice.getByRole('textbox', { name: 'Topic' }).fill('Release week: notes, questions, wins');
  await alice.getByRole('textbox', { name: 'Topic' }).press('Enter');
  await alice.getByText('Release week: notes, questions, wins').waitFor();
  await say(alice, 'Morning! The **new release** is out: https://example.com/notes', 'new release');
  await say(bob, 'Nice. Did the `search` fix make it in?', 'fix make it in');
  await say(alice, 'It did, @Bob. Deleted words are gone from the index too.', 'gone from');
  await say(bob, 'Great, trying it now 🎉', 'trying it now');

  const carol = await join(browser, server.url, 'Carol', 'dark');
  await carol.getByRole('list', { name: 'Messages' }).getByText('trying it now').waitFor();
  await alice.screenshot({ path: path.join(OUT, 'light.png') });
  await carol.screenshot({ path: path.join(OUT, 'dark.png') });

  await bob.setViewportSize({ width: 375, height: 740 });
  await bob.screenshot({ path: path.join(OUT, 'mobile.png') });
  await bob.getByRole('button', { name: 'Rooms' }).click();
  await bob.getByRole('navigation', { name: 'Rooms' }).waitFor();
  await bob.screenshot({ path: path.join(OUT, 'mobile-drawer.png') });
  console.log(`screenshots written to ${path.relative(process.cwd(), OUT)}/`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
