import { UAParser } from 'ua-parser-js';

/** "Firefox on Linux": what a device list shows for a session, from its User-Agent. */
export function deviceName(userAgent: string | undefined): string {
  if (userAgent === undefined || userAgent === '') return 'Unknown device';
  const { browser, os } = new UAParser(userAgent.slice(0, 512)).getResult();
  const parts = [browser.name, os.name].filter((part) => part !== undefined && part !== '');
  if (parts.length === 0) return userAgent.slice(0, 40);
  return parts.length === 2 ? `${parts[0]} on ${parts[1]}` : (parts[0] ?? 'Unknown device');
}
