/**
 * Registers the service worker (/sw.js): it shows web pushes while Parley is closed and serves
 * the app shell when the network is gone. Absent outside secure contexts (plain http but
 * localhost), where neither can work.
 */
export function registerAppWorker(): void {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => 0);
}
