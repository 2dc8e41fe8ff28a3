/**
 * The page under load, in Chromium: a room with 10,000 stored messages opens on its latest page
 * and pages back through history; then 50 messages per second arrive. Long tasks (main-thread
 * work over 50 ms) are counted by the browser's own PerformanceObserver.
 */
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium-launch';
import { DEFAULT_ROOM, JOIN_PAGE_SIZE } from '../lib/protocol';
import { signIn } from './load';
import { clientIdFor, RawClient } from './raw-client';
import { startServer } from './servers';

export interface ClientPerfMetrics {
  storedMessages: number;
  openMs: number;
  pagesLoaded: number;
  scrollLongTasks: number;
  scrollLongestTaskMs: number;
  incomingRate: number;
  incomingSeconds: number;
  incomingDelivered: number;
  incomingLongTasks: number;
  incomingLongestTaskMs: number;
}

async function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks?: number[] };
    const tasks = w.__longTasks ?? [];
    w.__longTasks = [];
    return tasks;
  });
}

export async function clientPerf(options: {
  storedMessages: number;
  pagesToLoad: number;
  incomingSeconds: number;
}): Promise<ClientPerfMetrics> {
  const { storedMessages, pagesToLoad, incomingSeconds } = options;
  const server = await startServer('parley', { seedMessages: storedMessages });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Reader');
    await page.getByLabel(/^New password/).fill('Reader has a long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    const items = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
    const openedAt = performance.now();
    await items.nth(JOIN_PAGE_SIZE - 1).waitFor();
    const openMs = performance.now() - openedAt;
    await longTasks(page);

    // Page back through history as a reader would, then scroll through what is loaded.
    const older = page.getByRole('button', { name: 'Load older messages' });
    for (let loaded = 1; loaded <= pagesToLoad; loaded++) {
      await older.click();
      await items.nth(JOIN_PAGE_SIZE * (loaded + 1) - 1).waitFor();
    }
    await page.mouse.move(400, 300);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 400);
    const scrollTasks = await longTasks(page);

    // 50 messages per second from 10 senders (each within Parley's 5 per second).
    const senders = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const cookie = await signIn(server.url, `writer ${i}`, 8_000 + i);
        return {
          user: `writer ${i}`,
          client: await RawClient.connect({ url: server.url, cookie }),
        };
      }),
    );
    const rate = 50;
    const total = rate * incomingSeconds;
    const startedAt = performance.now();
    const acks: Promise<unknown>[] = [];
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000));
      for (; sent < due; sent++) {
        const sender = senders[sent % senders.length];
        if (sender === undefined) break;
        acks.push(
          sender.client.emitWithAck('message:send', {
            room: DEFAULT_ROOM,
            user: sender.user,
            message: `incoming ${sent}`,
            clientId: clientIdFor(sent),
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(acks);
    await page.getByText(`incoming ${total - 1}`, { exact: true }).waitFor();
    const incomingDelivered = await page.getByText(/^incoming \d+$/).count();
    const incomingTasks = await longTasks(page);
    for (const sender of senders) sender.client.close();

    return {
      storedMessages,
      openMs,
      pagesLoaded: pagesToLoad,
      scrollLongTasks: scrollTasks.length,
      scrollLongestTaskMs: Math.max(0, ...scrollTasks),
      incomingRate: rate,
      incomingSeconds,
      incomingDelivered,
      incomingLongTasks: incomingTasks.length,
      incomingLongestTaskMs: Math.max(0, ...incomingTasks),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
