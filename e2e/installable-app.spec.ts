import type { Page } from '@playwright/test';
import sharp from 'sharp';
import type { PushPayload } from '../lib/protocol-push';
import { createChannel, expect, joinAs, test } from './fixtures';

/** Waits until the service worker is active, controls the page, and has kept the app shell. */
async function workerReady(page: Page): Promise<void> {
  // expect.poll, not waitForFunction: this check is async, and a promise is truthy at once.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        if (registration?.active?.state !== 'activated') return false;
        if (navigator.serviceWorker.controller === null) return false;
        const names = await caches.keys();
        const pages = names.find((name) => name.startsWith('parley-pages-'));
        return pages !== undefined && (await (await caches.open(pages)).match('/')) !== undefined;
      }),
    )
    .toBe(true);
}

test('the app manifest is installable: name, start, standalone display, icons in their sizes', async ({
  page,
  parley,
}) => {
  await page.goto(parley.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).not.toBeNull();
  const response = await page.request.get(new URL(href ?? '', parley.url).toString());
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Parley',
    short_name: 'Parley',
    start_url: '/',
    display: 'standalone',
  });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of manifest.icons) {
    const file = await page.request.get(new URL(icon.src, parley.url).toString());
    expect(file.headers()['content-type']).toBe('image/png');
    const { width, height } = await sharp(await file.body()).metadata();
    expect(`${width}x${height}`).toBe(icon.sizes);
  }
  // The window frame follows the page in light and in dark.
  const themes = page.locator('meta[name="theme-color"]');
  await expect(themes).toHaveCount(2);
  expect(await themes.evaluateAll((metas) => metas.map((m) => m.getAttribute('media')))).toEqual([
    '(prefers-color-scheme: light)',
    '(prefers-color-scheme: dark)',
  ]);
});

test('the service worker keeps the app shell, and serves an offline page, while the server is down', async ({
  browser,
  parley,
}) => {
  const alice = await joinAs(browser, parley.url, 'Alice');
  await workerReady(alice);
  await parley.stop();

  // Opened again, Parley starts from the worker's copy of the shell and says the server is gone.
  await alice.reload();
  await expect(alice.getByText('The server cannot be reached')).toBeVisible();
  // A page the worker never kept gets its offline page.
  await alice.goto(`${parley.url}/join/ABCDE-FGHJK`);
  await expect(alice.getByRole('heading', { name: /^You.re offline$/ })).toBeVisible();
  await expect(alice.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/');

  await parley.start();
  await alice.getByRole('link', { name: 'Try again' }).click();
  await expect(alice.getByRole('status')).toHaveText(/Connected/);
});

test('a push shows a notification titled for its room, and clicking it opens the room', async ({
  browser,
  parley,
}) => {
  // Granted before the page and its worker start, as for someone who allowed it earlier.
  const bob = await joinAs(browser, parley.url, 'Bob', (page) =>
    page.context().grantPermissions(['notifications'], { origin: parley.url }),
  );
  await workerReady(bob);
  await createChannel(bob, 'side');

  // What the push service would hand the browser, delivered straight to the worker.
  const cdp = await bob.context().newCDPSession(bob);
  const registration = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${parley.url}/` && !r.isDeleted);
      if (ours !== undefined) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const payload: PushPayload = {
    room: 'general',
    title: 'Alice in #general',
    body: '@Bob lunch?',
    count: 2,
    messageId: 41,
    url: '/c/general',
  };
  const shown = () =>
    bob.evaluate(async () => {
      const notifications = await (await navigator.serviceWorker.ready).getNotifications();
      return notifications.map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
    });
  // DevTools' deliverPushMessage drops one push now and then (about 1 run in 20 here, with the
  // worker running and activated), so the push is sent again until one shows. Each has the
  // room's tag, so any extra replaces the first: exactly one notification is still required.
  const registrationId = await registration;
  await expect(async () => {
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: parley.url,
      registrationId,
      data: JSON.stringify(payload),
    });
    await expect
      .poll(shown, { timeout: 3_000 })
      .toEqual([{ title: 'Alice in #general', body: '@Bob lunch? (+1 more)', tag: 'general' }]);
  }).toPass();

  // No protocol clicks a system notification: the worker gets the event a click dispatches.
  const [worker] = bob.context().serviceWorkers();
  expect(worker).toBeDefined();
  await worker?.evaluate(async () => {
    // This runs in the worker, whose globals this (DOM-typed) file cannot name.
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      dispatchEvent: (event: Event) => boolean;
      NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
    };
    const [notification] = await scope.registration.getNotifications();
    if (notification === undefined) throw new Error('no notification');
    scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification }));
  });
  await expect(bob).toHaveURL(`${parley.url}/c/general`);
  await expect(bob.getByRole('heading', { level: 1 })).toHaveText('# general');
  await expect.poll(shown).toEqual([]);
});

test('settings ask for permission only on the click, and hold pushes with do not disturb', async ({
  browser,
  parley,
}) => {
  const carol = await joinAs(browser, parley.url, 'Carol');
  await carol.getByRole('banner').getByRole('button', { name: 'Settings' }).click();
  const dialog = carol.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByRole('heading', { name: 'Notifications' })).toBeVisible();
  const permission = () => carol.evaluate(() => Notification.permission);
  // Opening the settings asked nothing.
  expect(await permission()).toBe('default');

  const dnd = dialog.getByRole('combobox', { name: 'Do not disturb' });
  await dnd.selectOption('hour');
  await expect(dnd.locator('option:checked')).toHaveText(/^On until /);
  const session = async () =>
    (
      (await (await carol.request.get(`${parley.url}/api/session`)).json()) as {
        user: { doNotDisturbUntil: string | null };
      }
    ).user.doNotDisturbUntil;
  const until = Date.parse((await session()) ?? '');
  expect(until - Date.now()).toBeGreaterThan(55 * 60 * 1000);
  expect(until - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
  await dnd.selectOption('off');
  await expect(dnd.locator('option:checked')).toHaveText('Off');
  expect(await session()).toBeNull();

  // The click asks; this browser, like one whose person said no, does not allow notifications.
  await dialog.getByRole('button', { name: 'Notifications on this device' }).click();
  await expect(
    dialog.getByText(/Notifications are blocked|could not reach its push service/),
  ).toBeVisible();
  expect(await permission()).not.toBe('default');
});

test('each connection says in its handshake whether the tab is on screen', async ({
  browser,
  parley,
}) => {
  const handshakes: string[] = [];
  await joinAs(browser, parley.url, 'Dana', (page) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => {
        if (typeof payload === 'string' && payload.startsWith('40')) handshakes.push(payload);
      });
    });
  });
  expect(handshakes).toEqual(['40{"visible":true}']);
});
