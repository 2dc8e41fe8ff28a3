import type { Page } from '@playwright/test';
import { png } from '../test/helpers/uploads';
import { composer, expect, joinAs, messageLog, say, test } from './fixtures';
import { seriousViolations, smallTargets, tabTo } from './page-checks';

// The smallest PDF a sniffer knows by its signature.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Pastes `bytes` as an image file into the composer, as a screenshot from the clipboard. */
async function pasteImage(page: Page, name: string, bytes: Buffer) {
  await composer(page).evaluate(
    (box, { name, data }) => {
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([new Uint8Array(data)], name, { type: 'image/png' }));
      box.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
      );
    },
    { name, data: [...bytes] },
  );
}

/** Drops a file onto the room, as from the desktop. */
async function dropFile(page: Page, name: string, type: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, data }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], name, { type }));
      return transfer;
    },
    { name, type, data: [...bytes] },
  );
  await page.getByRole('main').dispatchEvent('dragover', { dataTransfer });
  await page.getByRole('main').dispatchEvent('drop', { dataTransfer });
}

/** How many files this page's browser still keeps for unsent messages. */
const keptFiles = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('parley-files');
        open.onerror = () => reject(new Error('no IndexedDB'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('files')) return resolve(0);
          const count = db.transaction('files').objectStore('files').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );

test('Alice pastes an image and drops a PDF; Bob sees the thumbnail and the card live and opens the image', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');

  await pasteImage(alice, 'screenshot.png', await png(1600, 900));
  await dropFile(alice, 'plan.pdf', 'application/pdf', PDF);
  const chosen = alice.getByRole('list', { name: 'Files to send' });
  await expect(chosen.getByRole('listitem')).toHaveText([/screenshot\.png/, /plan\.pdf/]);
  expect(await seriousViolations(alice)).toEqual([]);
  await say(alice, 'the plan, and where we stand');
  await expect(chosen).toHaveCount(0);

  // Bob sees both live: the image as a thumbnail whose box was reserved, the PDF as a card.
  const log = messageLog(bob);
  await expect(log.getByText('the plan, and where we stand')).toBeVisible();
  const thumbnail = log.getByRole('img', { name: 'screenshot.png' });
  await expect(thumbnail).toBeVisible();
  await expect(thumbnail).toHaveAttribute('width', '360');
  await expect(thumbnail).toHaveAttribute('height', '203');
  await expect(thumbnail).toHaveAttribute('src', /\/files\/[\w-]{22}\/thumbnail$/);
  await expect
    .poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBe(800);
  const card = log.getByRole('link', { name: /plan\.pdf/ });
  await expect(card).toContainText('PDF');
  await expect(card).toHaveAttribute('href', /\/files\/[\w-]{22}\/plan\.pdf$/);
  expect(await seriousViolations(bob)).toEqual([]);

  // By keyboard: the viewer opens full size, Escape closes it, focus comes back.
  const open = log.getByRole('button', { name: 'View screenshot.png' });
  await tabTo(bob, open);
  await bob.keyboard.press('Enter');
  const viewer = bob.getByRole('dialog', { name: 'screenshot.png' });
  await expect(viewer).toBeVisible();
  const full = viewer.getByRole('img', { name: 'screenshot.png' });
  await expect(full).toHaveAttribute('src', /\/files\/[\w-]{22}\/screenshot\.png$/);
  await expect
    .poll(() => full.evaluate((image: HTMLImageElement) => image.naturalWidth))
    .toBe(1600);
  expect(await seriousViolations(bob)).toEqual([]);
  await bob.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await expect(open).toBeFocused();

  // On a 375 px phone everything fits, and every control is a full touch target.
  await bob.setViewportSize({ width: 375, height: 740 });
  await expect
    .poll(() => bob.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(375);
  expect(await smallTargets(bob)).toEqual([]);
});

test('an upload in progress when the page reloads completes after the reload and is delivered once', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');

  // The first upload reaches the network and goes no further, until the page is gone; the
  // route stays, so that one can never slip out while the page reloads. Later ones pass.
  const held: { abort: () => Promise<void> }[] = [];
  await alice.route('**/api/uploads', (route) =>
    held.length === 0 ? void held.push(route) : route.continue(),
  );
  await alice.getByRole('button', { name: 'Attach' }).click();
  await alice.locator('input[type=file]').setInputFiles({
    name: 'minutes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('decided: ship on Friday'),
  });
  await say(alice, 'minutes attached');
  await expect(alice.getByRole('progressbar', { name: 'Uploading minutes.txt' })).toBeVisible();
  await expect.poll(() => held.length).toBe(1);
  expect(await keptFiles(alice)).toBe(1);

  await alice.reload();
  await Promise.all(held.map((route) => route.abort().catch(() => undefined)));

  // After the reload the file goes up from where the browser kept it, and the message once.
  const log = messageLog(bob);
  await expect(log.getByText('minutes attached')).toHaveCount(1);
  const card = log.getByRole('link', { name: /minutes\.txt/ });
  await expect(card).toHaveCount(1);
  const download = await card.getAttribute('href');
  const fetched = await bob.evaluate(async (url) => (await fetch(url ?? '')).text(), download);
  expect(fetched).toBe('decided: ship on Friday');
  await expect(messageLog(alice).getByText('minutes attached')).toHaveCount(1);
  await expect(alice.getByText('Sending…')).toHaveCount(0);
  await expect.poll(() => keptFiles(alice)).toBe(0);
});

test('a file can be cancelled while it uploads; the message goes without it', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  const bob = await joinAs(browser, parley.url, 'Bob');
  await alice.route('**/api/uploads', () => undefined);
  await alice
    .locator('input[type=file]')
    .setInputFiles([
      { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4096, 1) },
    ]);
  await say(alice, 'forget the file');
  await alice.getByRole('button', { name: 'Cancel huge.bin' }).click();
  await expect(messageLog(bob).getByText('forget the file')).toBeVisible();
  await expect(messageLog(bob).getByRole('link', { name: /huge\.bin/ })).toHaveCount(0);
  await expect.poll(() => keptFiles(alice)).toBe(0);
});
