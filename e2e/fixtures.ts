import { rmSync } from 'node:fs';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { exited, startServerProcess, type ServerProcess } from '../test/helpers/server-process';
import { seedMessages } from '../test/helpers/seed';
import { tempDataDir } from '../test/helpers/test-server';

/** The real production server, which a test may stop and start again on the same port. */
export interface Parley {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** CSP violations any page of the current test reported; the suite fails on any. */
const cspViolations: string[] = [];

/** Makes `page` report every CSP violation, as the browser sees it. */
function watchCsp(page: Page): void {
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/CSP violation|Content Security Policy/i.test(text)) cspViolations.push(text);
  });
}

export const test = base.extend<{
  parley: Parley;
  seededMessages: number;
  cspGuard: undefined;
}>({
  /** Every test runs under the real CSP and fails if the page broke it. */
  cspGuard: [
    async ({}, provide) => {
      cspViolations.length = 0;
      await provide(undefined);
      expect(cspViolations, 'CSP violations in the browser').toEqual([]);
    },
    { auto: true },
  ],
  /** Messages stored in #general before the server starts (`test.use({ seededMessages })`). */
  seededMessages: [0, { option: true }],
  parley: async ({ seededMessages, browser }, provide) => {
    const dataDir = tempDataDir();
    if (seededMessages > 0) seedMessages(dataDir, seededMessages);
    const first = await startServerProcess({ PARLEY_DATA_DIR: dataDir });
    const running: { server: ServerProcess | undefined } = { server: first };
    await provide({
      url: first.url,
      async stop() {
        const { server } = running;
        if (server === undefined) return;
        server.child.kill('SIGTERM');
        await exited(server.child);
        running.server = undefined;
      },
      async start() {
        running.server = await startServerProcess({
          PARLEY_DATA_DIR: dataDir,
          PORT: String(first.port),
        });
      },
    });
    // Close this test's browser contexts before its server goes: a page left open would go on
    // loading code from a server that is gone, and its errors would land in the next test.
    await Promise.all(browser.contexts().map((context) => context.close()));
    running.server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

/**
 * A person in their own browser context, signed in and connected. `beforeLoad` runs on the new
 * page before it loads (to listen for its WebSockets, say).
 */
export async function joinAs(
  browser: Browser,
  url: string,
  name: string,
  beforeLoad?: (page: Page) => unknown,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchCsp(page);
  await beforeLoad?.(page);
  await page.goto(url);
  await createAccount(page, name);
  await expect(page.getByRole('status')).toHaveText(/Connected/);
  return page;
}

/** The password `createAccount` gives `name`. */
export const passwordOf = (name: string) => `${name} has a long password`;

/** Creates `name`'s account on the sign-in screen the page shows. */
export async function createAccount(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/^New password/).fill(passwordOf(name));
  await page.getByRole('button', { name: 'Create account' }).click();
}

// A plain list, not role="log": a log is a live region, and history must not be announced.
export const messageLog = (page: Page) => page.getByRole('list', { name: 'Messages' });
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

/**
 * Creates a channel from the sidebar's dialog and waits until the creator is in it: creating
 * loads its code on first use, so typing at once could still go to the room before.
 */
export async function createChannel(
  page: Page,
  name: string,
  { isPrivate = false }: { isPrivate?: boolean } = {},
): Promise<void> {
  await page.getByRole('button', { name: 'New channel…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New channel' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  if (isPrivate) await dialog.getByRole('checkbox', { name: /^Private/ }).check();
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/c/${name}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `${isPrivate ? '🔒' : '#'} ${name}`,
  );
}

/** Types `text` in the composer and presses Enter, as a person would. */
export async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** The text of every message in the log, in display order. */
export async function messageTexts(page: Page): Promise<string[]> {
  return messageLog(page).getByRole('listitem').locator('p').allTextContents();
}

/** The sidebar link of a room, by its label (`# general`, or the other person's name). */
export const roomLink = (page: Page, label: string) =>
  page
    .getByRole('navigation', { name: 'Rooms' })
    .getByRole('link', { name: new RegExp(`^${label}\\b`) });

/** The scrolling element of the message list. */
export const scroller = (page: Page) => messageLog(page).locator('xpath=..');
