/**
 * What the service worker shows for a push, and where a click goes: pure functions, apart from
 * the worker's own globals, so Node tests can check them.
 */
import { pushPayloadSchema, type PushPayload } from '../protocol-push';

export const APP_ICON = '/icons/icon-192.png';

/** The options of `showNotification`, as the worker passes them. */
export interface ShownNotification {
  title: string;
  options: {
    body: string;
    /** One per room: a newer push replaces the older notification instead of stacking. */
    tag: string;
    /** A replacement still alerts: it is a new message. */
    renotify: boolean;
    icon: string;
    data: { url: string; room: string };
  };
}

/** The notification for a push's JSON; undefined for one that is not Parley's. */
export function notificationFor(json: unknown): ShownNotification | undefined {
  const parsed = pushPayloadSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const push: PushPayload = parsed.data;
  const more = push.count > 1 ? ` (+${push.count - 1} more)` : '';
  return {
    title: push.title,
    options: {
      body: `${push.body}${more}`,
      tag: push.room,
      renotify: true,
      icon: APP_ICON,
      // Only a path of this origin: a click never opens anywhere else.
      data: { url: samePath(push.url), room: push.room },
    },
  };
}

/** `url` if it is a path on this origin, else the app's start. */
export function samePath(url: string): string {
  return /^\/(?!\/)/.test(url) && !url.includes('\\') ? url : '/';
}

/** A window of the app to reuse for a click: one showing the room, else any, else none. */
export function windowFor<Client extends { url: string }>(
  clients: readonly Client[],
  origin: string,
  path: string,
): Client | undefined {
  const ours = clients.filter((client) => new URL(client.url).origin === origin);
  return ours.find((client) => new URL(client.url).pathname === path) ?? ours[0];
}
