/// <reference lib="webworker" />
/**
 * Parley's service worker, served as /sw.js (built by scripts/build-worker.mjs). It keeps the app
 * shell for when the network is gone, and shows web pushes. It never caches the API, files or
 * Socket.IO: messages come from the server or, unsent, from the page's own outbox.
 */
import { notificationFor, samePath, windowFor } from './notification';
import { OFFLINE_CSP, OFFLINE_HTML } from './offline-page';

declare const self: ServiceWorkerGlobalScope;
/** The build this worker belongs to, and its static files (scripts/build-worker.mjs). */
declare const __PARLEY_BUILD__: string;
declare const __PARLEY_PRECACHE__: string[];

// Each build's worker starts with caches of its own; activate deletes the older ones.
const PAGES = `parley-pages-${__PARLEY_BUILD__}`;
const ASSETS = `parley-assets-${__PARLEY_BUILD__}`;
const MAX_PAGES = 20;

/** Hashed build files: never change under one name, so a cached copy is always right. */
const isAsset = (url: URL) => url.pathname.startsWith('/_next/static/');
/** Pages of the app that load the chat shell. */
const isShell = (url: URL) => url.pathname === '/' || url.pathname.startsWith('/c/');

/** Stores a page and the build files it names, so it can start again without the network. */
async function keepPage(key: string, response: Response): Promise<void> {
  const html = await response.clone().text();
  // Script and style URLs, also where the page's RSC payload quotes them (`\"…\"`).
  const assets = [...html.matchAll(/\/_next\/static\/[^"'\\\s)]+/g)].map((match) => match[0]);
  const [pages, files] = await Promise.all([caches.open(PAGES), caches.open(ASSETS)]);
  await pages.put(key, response);
  // The rooms seen last are enough: keys come oldest first.
  const kept = await pages.keys();
  await Promise.all(kept.slice(0, -MAX_PAGES).map((old) => pages.delete(old)));
  const missing = [];
  for (const asset of new Set(assets)) {
    if ((await files.match(asset)) === undefined) missing.push(asset);
  }
  await files.addAll(missing);
}

self.addEventListener('install', (event) => {
  // The build's files, and the shell: the page that registered this worker loaded before it
  // existed. A failure leaves them to be kept as they are used.
  const keepShell = fetch('/', { credentials: 'same-origin' }).then((response) =>
    response.ok ? keepPage('/', response) : undefined,
  );
  const keepBuild = caches.open(ASSETS).then((cache) => cache.addAll(__PARLEY_PRECACHE__));
  event.waitUntil(Promise.allSettled([keepShell, keepBuild]).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key !== PAGES && key !== ASSETS).map((key) => caches.delete(key)),
        ),
      )
      // Navigations start on the network while the worker starts, not after.
      .then(() => self.registration.navigationPreload.enable())
      .then(() => self.clients.claim()),
  );
});

/** The network first; without it, this page as last seen, the shell, or the offline page. */
async function navigate(event: FetchEvent, url: URL): Promise<Response> {
  const { request } = event;
  try {
    const preloaded: unknown = await event.preloadResponse;
    const response = preloaded instanceof Response ? preloaded : await fetch(request);
    if (response.ok && isShell(url)) {
      await keepPage(url.pathname, response.clone()).catch(() => undefined);
    }
    return response;
  } catch {
    const kept = isShell(url)
      ? ((await caches.match(url.pathname, { cacheName: PAGES })) ??
        (await caches.match('/', { cacheName: PAGES })))
      : undefined;
    return (
      kept ??
      new Response(OFFLINE_HTML, {
        status: 503,
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': OFFLINE_CSP,
        },
      })
    );
  }
}

async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: ASSETS });
  if (kept !== undefined) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(ASSETS).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(navigate(event, url));
  else if (isAsset(url)) event.respondWith(asset(request));
});

self.addEventListener('push', (event) => {
  let json: unknown;
  try {
    json = event.data?.json();
  } catch {
    json = undefined;
  }
  // Browsers require every push to show something; one that is not ours says little.
  const shown = notificationFor(json) ?? { title: 'Parley', options: { body: 'New activity' } };
  event.waitUntil(self.registration.showNotification(shown.title, shown.options));
});

/** Shows the room in a Parley window: the one already on it, any other, or a new one. */
async function openRoom(path: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const target = windowFor(windows, self.location.origin, path);
  if (target === undefined) {
    await self.clients.openWindow(path);
    return;
  }
  const shown = new URL(target.url).pathname === path ? target : await target.navigate(path);
  // Focus needs the click's user activation; without it the room is still shown.
  await (shown ?? target).focus().catch(() => undefined);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data: unknown = event.notification.data;
  const url =
    typeof data === 'object' && data !== null && 'url' in data && typeof data.url === 'string'
      ? samePath(data.url)
      : '/';
  const opening = openRoom(url);
  try {
    event.waitUntil(opening);
  } catch {
    // Only an event the browser itself dispatched can be extended; the room opens anyway.
  }
});
