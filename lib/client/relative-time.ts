const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * How long ago `at` was, as a chat says it: "just now", "5 min ago", "2 h ago" within the last
 * few hours; the clock time for anything older (the day heading above names the day). A time a
 * little in the future (a clock that runs ahead of the server's) is "just now".
 */
export function relativeTime(at: Date, now: Date): string {
  const ago = now.getTime() - at.getTime();
  if (ago < MINUTE_MS) return 'just now';
  if (ago < HOUR_MS) return `${Math.floor(ago / MINUTE_MS)} min ago`;
  if (ago < 6 * HOUR_MS) return `${Math.floor(ago / HOUR_MS)} h ago`;
  return clockFormat.format(at);
}
