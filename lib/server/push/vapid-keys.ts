import { webPushLibrary } from './web-push-library';
import type { SettingsStore } from '../store/account-types';

/** The server's VAPID key pair (base64url, as `web-push` and browsers take them). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

const SETTING = 'vapid_keys';

function parseStored(value: string): VapidKeys {
  const parsed: unknown = JSON.parse(value);
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    'publicKey' in parsed &&
    'privateKey' in parsed &&
    typeof parsed.publicKey === 'string' &&
    typeof parsed.privateKey === 'string'
  ) {
    return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
  }
  throw new Error('The stored VAPID keys are unreadable');
}

/**
 * The configured pair (`PARLEY_VAPID_PUBLIC_KEY`/`_PRIVATE_KEY`), or else the one stored with
 * the data, made at first use. The first node to store a pair wins (insert if absent), so nodes
 * sharing a database agree on one pair without configuration: a browser's subscription names
 * the public key, and a push signed with another is refused.
 */
export async function loadVapidKeys(
  settings: SettingsStore,
  configured: VapidKeys | undefined,
): Promise<VapidKeys> {
  if (configured !== undefined) return configured;
  const stored = await settings.get(SETTING);
  if (stored !== undefined) return parseStored(stored);
  const made = (await webPushLibrary()).generateVAPIDKeys();
  return parseStored(await settings.setIfAbsent(SETTING, JSON.stringify(made)));
}
