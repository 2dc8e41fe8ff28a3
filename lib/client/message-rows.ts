import type { Message } from '../protocol';

/**
 * The message list's rules, outside the view: where day headings go, which messages read as one
 * block, where the "New messages" divider goes, and how many new messages wait below. Pure
 * functions of the messages (ascending by id), so they are tested without a browser.
 */

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dayKey = (date: Date) => date.toDateString();
const minuteKey = (iso: string) => iso.slice(0, 16);

/** "Today", "Yesterday", or the weekday and date (and the year, if not this one). */
export function dayLabel(date: Date, now: Date): string {
  if (dayKey(date) === dayKey(now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(date) === dayKey(yesterday)) return 'Yesterday';
  return date.getFullYear() === now.getFullYear()
    ? dayFormat.format(date)
    : `${dayFormat.format(date)} ${date.getFullYear()}`;
}

/** Index of the first message with id >= `id`. */
export function lowerBound(messages: readonly Message[], id: number): number {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((messages[mid]?.id ?? Infinity) < id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The message the "New messages" divider goes before: the first of someone else's after the marker. */
export function dividerBeforeId(
  messages: readonly Message[],
  dividerAfterId: number | undefined,
  reader: string,
): number | undefined {
  if (dividerAfterId === undefined) return undefined;
  return messages.find((m) => m.id > dividerAfterId && m.user !== reader)?.id;
}

/** Others' messages newer than `seenUpToId`: what the "N new messages" button counts. */
export function countNewBelow(
  messages: readonly Message[],
  seenUpToId: number | undefined,
  reader: string,
): number {
  if (seenUpToId === undefined) return 0;
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message === undefined || message.id <= seenUpToId) break;
    if (message.user !== reader) count++;
  }
  return count;
}

export interface RowLayout {
  /** The day heading above this message, when it is the first of its day. */
  day: string | undefined;
  /** Same author, same minute as the message before: no name, time or avatar again. */
  isContinuation: boolean;
}

/**
 * How one message's row looks, given the message before it (even one outside the rendered
 * window: a row looks the same whether or not older rows are rendered above it).
 */
export function rowLayout(
  message: Message,
  previous: Message | undefined,
  dividerBefore: number | undefined,
  now: Date,
): RowLayout {
  const at = new Date(message.createdAt);
  const day =
    previous === undefined || dayKey(new Date(previous.createdAt)) !== dayKey(at)
      ? dayLabel(at, now)
      : undefined;
  // A run of messages from one person within a minute reads as one block; a reply, a new day
  // or the divider starts a new one.
  const isContinuation =
    previous !== undefined &&
    day === undefined &&
    previous.user === message.user &&
    minuteKey(previous.createdAt) === minuteKey(message.createdAt) &&
    message.replyTo === undefined &&
    message.id !== dividerBefore;
  return { day, isContinuation };
}
