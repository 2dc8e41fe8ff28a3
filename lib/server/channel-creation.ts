import { channelCreationSchema, type ChannelCreation } from '../protocol-accounts';
import type { SettingsStore } from './store/account-types';

const CHANNEL_CREATION_KEY = 'channel_creation';

/** Who may create channels, as an admin set it; everyone until then. */
export async function channelCreationMode(settings: SettingsStore): Promise<ChannelCreation> {
  const parsed = channelCreationSchema.safeParse(await settings.get(CHANNEL_CREATION_KEY));
  return parsed.success ? parsed.data : 'everyone';
}

export function setChannelCreationMode(
  settings: SettingsStore,
  mode: ChannelCreation,
): Promise<void> {
  return settings.set(CHANNEL_CREATION_KEY, mode);
}
