/**
 * Web push on this device: the browser's subscription and the server's record of it, and the
 * account's do-not-disturb time. Loaded with the settings, never on first paint.
 */
import * as z from 'zod/mini';
import { timestampSchema } from '../protocol';
import { pushKeySchema, pushStatusSchema } from '../protocol-push';
import { callApi, mapped, required, type ApiResult } from './account-api';

/** What this browser allows: push at all, and whether the person blocked notifications. */
export type PushSupport = 'supported' | 'unsupported' | 'blocked';

export function pushSupport(): PushSupport {
  const hasApis =
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window;
  if (!hasApis) return 'unsupported';
  return Notification.permission === 'denied' ? 'blocked' : 'supported';
}

const failure = (message: string): ApiResult<never> => ({ ok: false, code: 'internal', message });

/** Whether this device receives pushes: the browser holds a subscription and the server too. */
export async function isPushOn(): Promise<ApiResult<boolean>> {
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription === undefined || subscription === null) return { ok: true, value: false };
  const status = required(
    await callApi('/api/push/subscriptions', { method: 'GET' }, pushStatusSchema),
  );
  return mapped(status, (body) => body.subscribed);
}

/** Asks the browser's permission (this click is why), subscribes, and tells the server. */
export async function turnPushOn(): Promise<ApiResult<undefined>> {
  if ((await Notification.requestPermission()) !== 'granted') {
    return failure('Notifications are blocked for this site in your browser’s settings');
  }
  const key = required(await callApi('/api/push/key', { method: 'GET' }, pushKeySchema));
  if (!key.ok) return key;
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key.value.publicKey,
    });
  } catch {
    return failure('This browser could not reach its push service; try again later');
  }
  const saved = await callApi('/api/push/subscriptions', {
    method: 'POST',
    body: subscription.toJSON(),
  });
  return saved.ok ? { ok: true, value: undefined } : saved;
}

/** Ends this device's pushes, in the browser and on the server. */
export async function turnPushOff(): Promise<ApiResult<undefined>> {
  const registration = await navigator.serviceWorker.getRegistration();
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
  return callApi('/api/push/subscriptions', { method: 'DELETE' });
}

const doNotDisturbReply = z.object({
  user: z.object({ doNotDisturbUntil: z.union([timestampSchema, z.literal(null)]) }),
});

/** Holds the account's pushes until `until` (null: lets them through again). */
export async function setDoNotDisturb(until: Date | null): Promise<ApiResult<string | null>> {
  const result = await callApi(
    '/api/account',
    { method: 'PATCH', body: { doNotDisturbUntil: until?.toISOString() ?? null } },
    doNotDisturbReply,
  );
  return mapped(required(result), (body) => body.user.doNotDisturbUntil);
}

/** 8 in the morning, the next day, in this device's time zone. */
export function tomorrowMorning(now: Date): Date {
  const morning = new Date(now);
  morning.setDate(now.getDate() + 1);
  morning.setHours(8, 0, 0, 0);
  return morning;
}
